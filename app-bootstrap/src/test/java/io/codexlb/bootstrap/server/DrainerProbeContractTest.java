package io.codexlb.bootstrap.server;

import io.codexlb.port.out.ReadinessProbe;
import io.codexlb.port.out.ReadinessProbeContract;
import java.time.Duration;

/** As a readiness probe, the drainer passes until a drain starts, then fails with "draining". */
class DrainerProbeContractTest extends ReadinessProbeContract {

  @Override
  protected ReadinessProbe workingProbe() {
    return new Drainer(Duration.ofHours(1), Duration.ofSeconds(30));
  }

  @Override
  protected ReadinessProbe unreachableProbe() {
    Drainer drainer = new Drainer(Duration.ofHours(1), Duration.ofSeconds(30));
    drainer.drain("test");
    return drainer;
  }

  @Override
  protected String secretInConfiguration() {
    return "no secret is configured";
  }
}
