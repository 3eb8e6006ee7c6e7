package io.codexlb.port.out;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/** An {@link InstanceLifecycle} that only remembers the drain: for tests of its callers. */
public final class FakeInstanceLifecycle implements InstanceLifecycle {

  private final Duration settle;
  private final Duration grace;
  private @Nullable DrainPlan plan;

  public FakeInstanceLifecycle(Duration settle, Duration grace) {
    this.settle = settle;
    this.grace = grace;
  }

  @Override
  public synchronized DrainPlan drain(String trigger) {
    if (plan != null) {
      return plan.again();
    }
    DrainPlan started = new DrainPlan(false, trigger, settle, grace);
    plan = started;
    return started;
  }

  /** Whether a drain was started. */
  public synchronized boolean draining() {
    return plan != null;
  }
}
