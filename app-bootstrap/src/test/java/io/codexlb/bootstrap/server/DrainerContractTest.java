package io.codexlb.bootstrap.server;

import io.codexlb.port.out.InstanceLifecycle;
import io.codexlb.port.out.InstanceLifecycleContract;
import java.time.Duration;

/** The drainer keeps the lifecycle contract; with no server attached, its drain stops nothing. */
class DrainerContractTest extends InstanceLifecycleContract {

  @Override
  protected InstanceLifecycle freshLifecycle() {
    return new Drainer(Duration.ofHours(1), Duration.ofSeconds(30));
  }
}
