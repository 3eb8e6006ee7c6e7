package io.codexlb.bootstrap.wiring;

import dagger.Module;
import dagger.Provides;
import dagger.multibindings.IntoSet;
import io.codexlb.adapter.http.admin.AdminRoutes;
import io.codexlb.adapter.http.admin.StickySessionsRoutes;
import io.codexlb.application.ManageStickySessionsService;
import io.codexlb.bootstrap.store.StoreSupervisor;
import io.codexlb.port.in.ManageStickySessionsUseCase;
import java.time.Clock;

/**
 * The sticky sessions' admin routes, over the store once it is open: each call uses the store open
 * at that moment (the service holds nothing of its own, so making one per call costs nothing).
 */
@Module(includes = StoreSupervisionModule.class)
public interface StickySessionsModule {

  @Provides
  @IntoSet
  static AdminRoutes stickySessionsRoutes(StoreSupervisor supervisor, Clock clock) {
    return new StickySessionsRoutes(
        () ->
            supervisor
                .current()
                .map(
                    store ->
                        (ManageStickySessionsUseCase)
                            new ManageStickySessionsService(
                                store.ports().stickySessions(), store.ports().changes(), clock)));
  }
}
