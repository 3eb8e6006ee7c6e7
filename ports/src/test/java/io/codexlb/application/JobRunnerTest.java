package io.codexlb.application;

import static io.codexlb.port.out.Stages.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.codexlb.port.out.BackgroundTracer;
import io.codexlb.port.out.InMemoryJobLease;
import io.codexlb.port.out.JobLease;
import io.codexlb.port.out.MovableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class JobRunnerTest {

  private static final Duration RETRY = Duration.ofSeconds(5);

  private final MovableClock clock = new MovableClock(Instant.parse("2026-12-01T00:00:00Z"));
  private final InMemoryJobLease lease = new InMemoryJobLease();
  private final RecordingTracer tracer = new RecordingTracer();

  /** A job that counts its runs, each over at once unless {@link #hold} is set. */
  private static final class CountedJob {
    final AtomicInteger runs = new AtomicInteger();
    final AtomicInteger handOvers = new AtomicInteger();
    volatile CompletableFuture<Void> hold = CompletableFuture.completedFuture(null);
    volatile boolean fails;

    JobRunner.Job job(String name, Duration period) {
      return new JobRunner.Job(
          name,
          period,
          () -> {
            runs.incrementAndGet();
            return fails
                ? CompletableFuture.<Void>failedFuture(new IllegalStateException("store down"))
                : hold;
          },
          handOvers::incrementAndGet);
    }
  }

  /** What the runner told its tracer. */
  private static final class RecordingTracer implements BackgroundTracer {
    final List<Boolean> runner = new CopyOnWriteArrayList<>();
    final List<String> ran = new CopyOnWriteArrayList<>();

    @Override
    public void tokenRefreshed(Outcome outcome, long millis) {}

    @Override
    public void usagePolled(Outcome outcome, long millis) {}

    @Override
    public void jobRunner(boolean runs) {
      runner.add(runs);
    }

    @Override
    public void jobRan(String job, Outcome outcome, long millis) {
      ran.add(job + ":" + outcome);
    }
  }

  private JobRunner runner(JobLease jobLease, JobRunner.Job... jobs) {
    return new JobRunner(jobLease, List.of(jobs), tracer, clock, RETRY);
  }

  /** Ticks every runner once a second, as the servers do, for {@code seconds}. */
  private void run(long seconds, JobRunner... runners) {
    for (long s = 0; s < seconds; s++) {
      clock.advance(Duration.ofSeconds(1));
      for (JobRunner runner : runners) {
        await(runner.tick());
      }
    }
  }

  @Test
  void theHolderRunsEveryJobAtOnceThenOncePerItsPeriod() {
    CountedJob often = new CountedJob();
    CountedJob seldom = new CountedJob();
    JobRunner runner =
        runner(
            lease,
            often.job("sticky_pin_expiry", Duration.ofSeconds(10)),
            seldom.job("request_log_retention", Duration.ofSeconds(60)));

    await(runner.tick());
    assertThat(runner.holding()).isTrue();
    assertThat(often.runs).hasValue(1);
    assertThat(seldom.runs).hasValue(1);

    run(60, runner);

    assertThat(often.runs).hasValue(7);
    assertThat(seldom.runs).hasValue(2);
    assertThat(tracer.runner).containsExactly(true);
    assertThat(tracer.ran)
        .contains("sticky_pin_expiry:SUCCEEDED", "request_log_retention:SUCCEEDED");
  }

  @Test
  void aNonHolderRunsNoJobAndAsksForTheLeaseOnlyEveryRetry() {
    CountedJob held = new CountedJob();
    CountedJob other = new CountedJob();
    AtomicInteger asks = new AtomicInteger();
    InMemoryJobLease rivalLease = lease.rival();
    JobLease counting =
        new JobLease() {
          @Override
          public CompletionStage<Boolean> hold() {
            asks.incrementAndGet();
            return rivalLease.hold();
          }

          @Override
          public CompletionStage<Void> release() {
            return rivalLease.release();
          }
        };
    JobRunner holder = runner(lease, held.job("token_sweep", Duration.ofSeconds(2)));
    JobRunner standBy = runner(counting, other.job("token_sweep", Duration.ofSeconds(2)));
    await(holder.tick());

    run(20, holder, standBy);

    assertThat(standBy.holding()).isFalse();
    assertThat(other.runs).hasValue(0);
    assertThat(held.runs).hasValue(11);
    assertThat(asks).as("once per 5 s retry in 20 s").hasValue(4);
  }

  @Test
  void anotherInstanceTakesOverWithinTheRetryOfTheHoldersDeathAndRunsEveryJobAtOnce() {
    CountedJob first = new CountedJob();
    CountedJob second = new CountedJob();
    JobRunner holder = runner(lease, first.job("usage_polling", Duration.ofSeconds(60)));
    JobRunner standBy = runner(lease.rival(), second.job("usage_polling", Duration.ofSeconds(60)));
    run(30, holder, standBy);
    assertThat(first.runs).hasValue(1);
    assertThat(second.runs).hasValue(0);

    lease.die(); // kill -9: the holder neither releases nor ticks again
    run(RETRY.toSeconds(), standBy);

    assertThat(standBy.holding()).isTrue();
    assertThat(second.runs).as("at once, not a period later").hasValue(1);
  }

  @Test
  void aJobStillRunningWhenDueAgainIsNotStartedTwice() {
    CountedJob slow = new CountedJob();
    slow.hold = new CompletableFuture<>();
    JobRunner runner = runner(lease, slow.job("token_sweep", Duration.ofSeconds(2)));

    run(10, runner);
    assertThat(slow.runs).hasValue(1);

    slow.hold.complete(null);
    run(1, runner);
    assertThat(slow.runs).hasValue(2);
  }

  @Test
  void aFailedRunIsReportedAndTheNextPeriodTriesAgainWhileTheOtherJobsGoOn() {
    CountedJob failing = new CountedJob();
    failing.fails = true;
    CountedJob fine = new CountedJob();
    JobRunner runner =
        runner(
            lease,
            failing.job("request_log_retention", Duration.ofSeconds(5)),
            fine.job("sticky_pin_expiry", Duration.ofSeconds(5)));

    await(runner.tick());
    run(5, runner);

    assertThat(failing.runs).hasValue(2);
    assertThat(fine.runs).hasValue(2);
    assertThat(tracer.ran)
        .contains("request_log_retention:FAILED_TRANSIENTLY", "sticky_pin_expiry:SUCCEEDED");
  }

  @Test
  void aLeaseThatCannotBeAskedMeansNotHolderAndTheJobsAreHandedOver() {
    CountedJob job = new CountedJob();
    boolean[] storeDown = {false};
    JobLease flaky =
        new JobLease() {
          @Override
          public CompletionStage<Boolean> hold() {
            return storeDown[0]
                ? CompletableFuture.failedFuture(new IllegalStateException("connection refused"))
                : CompletableFuture.completedFuture(true);
          }

          @Override
          public CompletionStage<Void> release() {
            return CompletableFuture.completedFuture(null);
          }
        };
    JobRunner runner = runner(flaky, job.job("sticky_pin_expiry", Duration.ofSeconds(5)));
    await(runner.tick());
    assertThat(runner.holding()).isTrue();

    storeDown[0] = true;
    run(20, runner);

    assertThat(runner.holding()).isFalse();
    assertThat(job.runs).hasValue(1);
    assertThat(job.handOvers).hasValue(1);
    assertThat(tracer.runner).containsExactly(true, false);
  }

  @Test
  void stopReleasesTheLeaseSoAnotherInstanceTakesItAtItsNextAsk() {
    CountedJob first = new CountedJob();
    CountedJob second = new CountedJob();
    JobRunner holder = runner(lease, first.job("token_sweep", Duration.ofSeconds(60)));
    JobRunner standBy = runner(lease.rival(), second.job("token_sweep", Duration.ofSeconds(60)));
    run(3, holder, standBy);
    assertThat(standBy.holding()).isFalse();

    await(holder.stop());
    run(RETRY.toSeconds(), holder, standBy);

    assertThat(holder.holding()).isFalse();
    assertThat(first.runs).as("nothing after its stop").hasValue(1);
    assertThat(first.handOvers).hasValue(1);
    assertThat(standBy.holding()).isTrue();
    assertThat(second.runs).hasValue(1);
  }

  @Test
  void jobsHaveDistinctNamesAndPositivePeriods() {
    CountedJob job = new CountedJob();
    List<Runnable> invalid = new ArrayList<>();
    invalid.add(() -> job.job("token_sweep", Duration.ZERO));
    invalid.add(() -> job.job("Token Sweep", Duration.ofSeconds(1)));
    invalid.add(
        () ->
            runner(
                lease,
                job.job("token_sweep", Duration.ofSeconds(1)),
                job.job("token_sweep", Duration.ofSeconds(2))));
    for (Runnable construction : invalid) {
      assertThatIllegalArgumentException().isThrownBy(construction::run);
    }
  }
}
