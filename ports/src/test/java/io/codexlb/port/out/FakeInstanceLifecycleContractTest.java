package io.codexlb.port.out;

import java.time.Duration;

class FakeInstanceLifecycleContractTest extends InstanceLifecycleContract {

  @Override
  protected InstanceLifecycle freshLifecycle() {
    return new FakeInstanceLifecycle(Duration.ofSeconds(5), Duration.ofSeconds(30));
  }
}
