package io.codexlb.port.out;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link InstanceLifecycle} keeps. An adapter's test extends this class and
 * supplies a fresh instance whose drain, once started, does nothing a test can notice within the
 * test (a long settle period, or no server to stop).
 */
public abstract class InstanceLifecycleContract {

  /** A lifecycle that has not drained yet. */
  protected abstract InstanceLifecycle freshLifecycle() throws Exception;

  @Test
  void theFirstDrainStartsItAndLaterOnesFindItUnderWayWithTheFirstTrigger() throws Exception {
    InstanceLifecycle lifecycle = freshLifecycle();

    DrainPlan first = lifecycle.drain("SIGTERM");
    DrainPlan second = lifecycle.drain("admin");

    assertThat(first.alreadyDraining()).isFalse();
    assertThat(first.trigger()).isEqualTo("SIGTERM");
    assertThat(second.alreadyDraining()).isTrue();
    assertThat(second.trigger()).isEqualTo("SIGTERM");
    assertThat(second.settle()).isEqualTo(first.settle());
    assertThat(second.grace()).isEqualTo(first.grace());
  }

  @Test
  void manyThreadsAtOnceStartExactlyOneDrain() throws Exception {
    InstanceLifecycle lifecycle = freshLifecycle();
    ExecutorService threads = Executors.newFixedThreadPool(8);
    try {
      List<Callable<DrainPlan>> calls =
          IntStream.range(0, 32)
              .<Callable<DrainPlan>>mapToObj(i -> () -> lifecycle.drain("caller-" + i))
              .toList();
      List<DrainPlan> plans =
          threads.invokeAll(calls).stream().map(InstanceLifecycleContract::get).toList();

      assertThat(plans).filteredOn(plan -> !plan.alreadyDraining()).hasSize(1);
      String trigger =
          plans.stream().filter(p -> !p.alreadyDraining()).findFirst().orElseThrow().trigger();
      assertThat(plans).allMatch(plan -> plan.trigger().equals(trigger));
    } finally {
      threads.shutdownNow();
    }
  }

  private static DrainPlan get(Future<DrainPlan> future) {
    try {
      return future.get(60, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
