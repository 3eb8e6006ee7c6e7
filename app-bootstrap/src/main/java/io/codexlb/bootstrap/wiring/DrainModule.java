package io.codexlb.bootstrap.wiring;

import dagger.Binds;
import dagger.Module;
import dagger.Provides;
import dagger.multibindings.IntoSet;
import io.codexlb.adapter.http.admin.AdminRoutes;
import io.codexlb.adapter.http.admin.DrainRoutes;
import io.codexlb.application.DrainService;
import io.codexlb.bootstrap.server.Drainer;
import io.codexlb.bootstrap.store.StoreSupervisor;
import io.codexlb.port.in.DrainUseCase;
import io.codexlb.port.out.InstanceLifecycle;
import io.codexlb.port.out.ReadinessProbe;
import java.time.Clock;

/**
 * Draining: the one {@link Drainer} of the server is its lifecycle, one of its readiness probes
 * (failing while draining), and behind {@code POST /api/drain}.
 */
@Module(includes = ClockModule.class)
public interface DrainModule {

  @Binds
  InstanceLifecycle lifecycle(Drainer drainer);

  @Binds
  @IntoSet
  ReadinessProbe drainProbe(Drainer drainer);

  @Provides
  static DrainUseCase drain(InstanceLifecycle lifecycle, StoreSupervisor store) {
    return new DrainService(lifecycle, () -> store.current().map(open -> open.ports().auditLogs()));
  }

  @Provides
  @IntoSet
  static AdminRoutes drainRoutes(DrainUseCase drain, Clock clock) {
    return new DrainRoutes(drain, clock);
  }
}
