package io.codexlb.bootstrap;

import dagger.BindsInstance;
import dagger.Component;
import dagger.Module;
import dagger.Provides;
import io.codexlb.bootstrap.config.ServerConfig;
import io.codexlb.bootstrap.store.InMemoryStores;
import io.codexlb.bootstrap.store.StoreOpener;
import io.codexlb.bootstrap.wiring.AccountsAdminModule;
import io.codexlb.bootstrap.wiring.AdminApiModule;
import io.codexlb.bootstrap.wiring.AdminAuthModule;
import io.codexlb.bootstrap.wiring.ApiKeysAdminModule;
import io.codexlb.bootstrap.wiring.ApplicationModule;
import io.codexlb.bootstrap.wiring.DataPlaneModule;
import io.codexlb.bootstrap.wiring.DrainModule;
import io.codexlb.bootstrap.wiring.OAuthAdminModule;
import io.codexlb.bootstrap.wiring.RequestLogsAdminModule;
import io.codexlb.bootstrap.wiring.ServerComponent;
import io.codexlb.bootstrap.wiring.SettingsAdminModule;
import io.codexlb.bootstrap.wiring.StickySessionsModule;
import io.codexlb.bootstrap.wiring.StoreSupervisionModule;
import io.codexlb.bootstrap.wiring.UsageAdminModule;
import io.codexlb.bootstrap.wiring.VertxModule;
import io.codexlb.port.out.FakeReadinessProbe;
import io.codexlb.port.out.InMemoryStoreMetadataRepository;
import io.codexlb.port.out.SecretCipher;
import jakarta.inject.Singleton;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The server graph with the store replaced by in-memory fakes whose readiness a test can switch
 * off: fake modules in a test component, as Dagger's testing guide recommends, never subclassed
 * production modules.
 */
@Singleton
@Component(
    modules = {
      VertxModule.class,
      StoreSupervisionModule.class,
      DataPlaneModule.class,
      ApplicationModule.class,
      AdminApiModule.class,
      StickySessionsModule.class,
      AdminAuthModule.class,
      SettingsAdminModule.class,
      RequestLogsAdminModule.class,
      UsageAdminModule.class,
      ApiKeysAdminModule.class,
      AccountsAdminModule.class,
      DrainModule.class,
      OAuthAdminModule.class,
      TestServerComponent.FakeStore.class
    })
interface TestServerComponent extends ServerComponent {

  @Component.Factory
  interface Factory {
    TestServerComponent create(
        @BindsInstance ServerConfig config,
        @BindsInstance SecretCipher cipher,
        @BindsInstance FakeReadinessProbe store);
  }

  /** Opens an in-memory store whose readiness is the test's fake probe. */
  @Module
  interface FakeStore {
    @Provides
    static StoreOpener storeOpener(FakeReadinessProbe probe) {
      return () ->
          CompletableFuture.completedFuture(
              InMemoryStores.create(
                  new InMemoryStoreMetadataRepository(), new AtomicInteger(), probe));
    }
  }
}
