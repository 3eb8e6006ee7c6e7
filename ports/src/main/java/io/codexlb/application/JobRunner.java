package io.codexlb.application;

import static java.util.Objects.requireNonNull;

import io.codexlb.domain.health.Failures;
import io.codexlb.port.out.BackgroundTracer;
import io.codexlb.port.out.BackgroundTracer.Outcome;
import io.codexlb.port.out.JobLease;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Runs the store-wide periodic jobs (usage polling, the token sweep, the sticky-pin expiry, the
 * request-log retention) on exactly one of the instances sharing a store: the one that holds the
 * store's {@link JobLease}. One lease for all the jobs, so one instance runs them all and an
 * operator has one place to look; the jobs are light, there is nothing to spread.
 *
 * <p>Driven by {@link #tick}, which the host calls about every second (tests call it after moving
 * their clock). While this instance holds the lease, each tick asks the lease again (for a held
 * lease the adapters answer from memory: no store call) and starts each job whose period has come;
 * a job still running when it is due again is not started twice. An instance that does not hold it
 * asks every {@code leaseRetry}, so it takes over within {@code leaseRetry} of the holder's death
 * (plus the store's own detection of a dead session). A new holder runs every job at once, then
 * every period, so a job is never left undone for longer than its period plus that take-over time.
 * A lease that cannot be asked counts as not held (the lease's contract), so an instance cut off
 * from the store stops running the jobs.
 *
 * <p>Taking and losing the lease is logged at INFO and told to the {@link BackgroundTracer}, as is
 * every run with its outcome; a failed run is logged at WARN and the next period tries again.
 */
public final class JobRunner {

  private static final Logger log = System.getLogger(JobRunner.class.getName());

  /** How often an instance without the lease asks for it, at most. */
  public static final Duration MAX_LEASE_RETRY = Duration.ofSeconds(10);

  /**
   * One store-wide periodic job.
   *
   * @param name its name in logs and metrics: lower case words joined by {@code _}
   * @param period how often it runs while this instance holds the lease; positive
   * @param run starts one run; the stage completes when the run is over (its value is ignored)
   * @param handedOver told when this instance stops running the jobs (the lease lost or released),
   *     so the job forgets what a later holder must start afresh
   */
  public record Job(
      String name,
      Duration period,
      Supplier<? extends CompletionStage<?>> run,
      Runnable handedOver) {

    public Job {
      requireNonNull(name, "name");
      if (!name.matches("[a-z]+(_[a-z]+)*")) {
        throw new IllegalArgumentException("name: " + name + " (expected: lower_case_words)");
      }
      requireNonNull(period, "period");
      if (period.isZero() || period.isNegative()) {
        throw new IllegalArgumentException("period: " + period + " (expected: > 0)");
      }
      requireNonNull(run, "run");
      requireNonNull(handedOver, "handedOver");
    }

    /** A job with nothing to forget when this instance stops running it. */
    public Job(String name, Duration period, Supplier<? extends CompletionStage<?>> run) {
      this(name, period, run, () -> {});
    }
  }

  private final JobLease lease;
  private final List<Job> jobs;
  private final BackgroundTracer tracer;
  private final Clock clock;
  private final Duration leaseRetry;
  private final Map<String, Instant> due = new ConcurrentHashMap<>();
  private final Set<String> running = ConcurrentHashMap.newKeySet();
  private final AtomicBoolean ticking = new AtomicBoolean();
  private volatile boolean holding;
  private volatile boolean stopped;
  private volatile Instant nextLeaseTry = Instant.MIN;

  /**
   * @param lease the right to run the jobs, one instance at a time
   * @param jobs the jobs; their names distinct
   * @param tracer told whether this instance runs the jobs, and of every run
   * @param clock the time of the periods
   * @param leaseRetry how often an instance without the lease asks for it; positive, at most {@link
   *     #MAX_LEASE_RETRY} (a longer one is cut to it)
   */
  public JobRunner(
      JobLease lease, List<Job> jobs, BackgroundTracer tracer, Clock clock, Duration leaseRetry) {
    this.lease = requireNonNull(lease, "lease");
    this.jobs = List.copyOf(requireNonNull(jobs, "jobs"));
    Set<String> names = new HashSet<>();
    for (Job job : this.jobs) {
      if (!names.add(job.name())) {
        throw new IllegalArgumentException("jobs: " + job.name() + " twice (expected: distinct)");
      }
    }
    this.tracer = requireNonNull(tracer, "tracer");
    this.clock = requireNonNull(clock, "clock");
    requireNonNull(leaseRetry, "leaseRetry");
    if (leaseRetry.isZero() || leaseRetry.isNegative()) {
      throw new IllegalArgumentException("leaseRetry: " + leaseRetry + " (expected: > 0)");
    }
    this.leaseRetry = leaseRetry.compareTo(MAX_LEASE_RETRY) > 0 ? MAX_LEASE_RETRY : leaseRetry;
  }

  /**
   * Settles whether this instance holds the lease (taking it when it is free and this instance's
   * turn to ask has come) and, when it does, starts the jobs that are due. Completes once the jobs
   * are started (not finished); never exceptionally. A tick while another runs, or after {@link
   * #stop}, does nothing.
   */
  public CompletionStage<Void> tick() {
    if (stopped || !ticking.compareAndSet(false, true)) {
      return done();
    }
    Instant now = clock.instant();
    CompletionStage<Boolean> held;
    if (!holding && now.isBefore(nextLeaseTry)) {
      held = CompletableFuture.completedFuture(false);
    } else {
      nextLeaseTry = now.plus(leaseRetry);
      held = ask();
    }
    return held.thenAccept(holds -> settle(holds, now))
        .whenComplete((settled, error) -> ticking.set(false))
        .exceptionally(
            error -> {
              log.log(Level.WARNING, "job runner: tick failed: {0}", Failures.oneLine(error));
              return null;
            });
  }

  /**
   * Stops running the jobs and gives the lease up, so that another instance takes them over at its
   * next ask rather than after this instance's session ends. Completes when the lease is released;
   * never exceptionally. Runs already started go on to their end.
   */
  public CompletionStage<Void> stop() {
    stopped = true;
    if (holding) {
      holding = false;
      tracer.jobRunner(false);
      handOver();
      log.log(Level.INFO, "job runner: stopping; the job lease is given up for another instance");
    }
    return released();
  }

  /** Whether this instance held the lease at its last tick: whether it runs the jobs. */
  public boolean holding() {
    return holding;
  }

  /** The names of the jobs, in order. */
  public List<String> jobNames() {
    return jobs.stream().map(Job::name).toList();
  }

  private CompletionStage<Boolean> ask() {
    CompletionStage<Boolean> answer;
    try {
      answer = lease.hold();
    } catch (RuntimeException e) {
      answer = CompletableFuture.failedFuture(e);
    }
    return answer.handle(
        (holds, error) -> {
          if (error != null) {
            log.log(
                Level.WARNING,
                "job runner: asking for the job lease failed: {0}",
                Failures.oneLine(error));
          }
          return error == null && Boolean.TRUE.equals(holds);
        });
  }

  private void settle(boolean holds, Instant now) {
    if (stopped) {
      if (holds) {
        released(); // asked while stopping: give back what that ask may have taken
      }
      return;
    }
    if (holds != holding) {
      holding = holds;
      tracer.jobRunner(holds);
      if (holds) {
        log.log(
            Level.INFO,
            "job runner: this instance runs the store-wide jobs now ({0}); the other instances"
                + " stand by",
            jobs.stream().map(Job::name).collect(Collectors.joining(", ")));
        due.clear(); // a new holder runs every job at once
      } else {
        log.log(
            Level.INFO,
            "job runner: this instance no longer runs the store-wide jobs (another instance"
                + " holds the job lease, or the store cannot be asked); it asks again every {0} s",
            leaseRetry.toSeconds());
        handOver();
      }
    }
    if (!holds) {
      return;
    }
    for (Job job : jobs) {
      Instant next = due.get(job.name());
      if ((next == null || !now.isBefore(next)) && running.add(job.name())) {
        due.put(job.name(), now.plus(job.period()));
        run(job);
      }
    }
  }

  private void run(Job job) {
    Instant started = clock.instant();
    CompletionStage<?> run;
    try {
      run = requireNonNull(job.run().get(), "run");
    } catch (RuntimeException e) {
      run = CompletableFuture.failedFuture(e);
    }
    run.whenComplete(
        (result, error) -> {
          running.remove(job.name());
          long millis = Duration.between(started, clock.instant()).toMillis();
          if (error != null) {
            log.log(
                Level.WARNING,
                "job runner: {0} failed, tried again in {1} s: {2}",
                job.name(),
                job.period().toSeconds(),
                Failures.oneLine(error));
          }
          tracer.jobRan(
              job.name(), error == null ? Outcome.SUCCEEDED : Outcome.FAILED_TRANSIENTLY, millis);
        });
  }

  private void handOver() {
    due.clear();
    for (Job job : jobs) {
      try {
        job.handedOver().run();
      } catch (RuntimeException e) {
        log.log(
            Level.WARNING,
            "job runner: {0}: handing over failed: {1}",
            job.name(),
            Failures.oneLine(e));
      }
    }
  }

  private CompletionStage<Void> released() {
    CompletionStage<Void> release;
    try {
      release = lease.release();
    } catch (RuntimeException e) {
      release = CompletableFuture.failedFuture(e);
    }
    return release.exceptionally(
        error -> {
          log.log(
              Level.WARNING,
              "job runner: releasing the job lease failed (it ends with the session): {0}",
              Failures.oneLine(error));
          return null;
        });
  }

  private static CompletionStage<Void> done() {
    return CompletableFuture.completedFuture(null);
  }
}
