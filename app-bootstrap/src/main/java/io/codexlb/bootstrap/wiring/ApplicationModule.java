package io.codexlb.bootstrap.wiring;

import dagger.Binds;
import dagger.Module;
import dagger.multibindings.Multibinds;
import io.codexlb.application.CheckReadinessService;
import io.codexlb.port.in.CheckReadinessUseCase;
import io.codexlb.port.out.ReadinessProbe;
import java.util.Set;

/** Binds each driving port to the application service that implements it. */
@Module
public interface ApplicationModule {

  @Binds
  CheckReadinessUseCase checkReadiness(CheckReadinessService service);

  /** Readiness probes are contributed by the modules of the adapters that own a dependency. */
  @Multibinds
  Set<ReadinessProbe> readinessProbes();
}
