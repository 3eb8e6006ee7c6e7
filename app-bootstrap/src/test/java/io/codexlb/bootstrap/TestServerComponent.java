package io.codexlb.bootstrap;

import dagger.Binds;
import dagger.BindsInstance;
import dagger.Component;
import dagger.Module;
import dagger.multibindings.IntoSet;
import io.codexlb.bootstrap.config.ServerConfig;
import io.codexlb.bootstrap.wiring.ApplicationModule;
import io.codexlb.bootstrap.wiring.ServerComponent;
import io.codexlb.bootstrap.wiring.VertxModule;
import io.codexlb.port.out.FakeReadinessProbe;
import io.codexlb.port.out.ReadinessProbe;
import jakarta.inject.Singleton;

/**
 * The server graph with the store replaced by a fake a test can switch off: fake modules in a test
 * component, as Dagger's testing guide recommends, never subclassed production modules.
 */
@Singleton
@Component(
    modules = {VertxModule.class, ApplicationModule.class, TestServerComponent.FakeStore.class})
interface TestServerComponent extends ServerComponent {

  @Component.Factory
  interface Factory {
    TestServerComponent create(
        @BindsInstance ServerConfig config, @BindsInstance FakeReadinessProbe store);
  }

  /** Contributes the test's fake as the store's readiness probe. */
  @Module
  interface FakeStore {
    @Binds
    @IntoSet
    ReadinessProbe store(FakeReadinessProbe probe);
  }
}
