package io.codexlb.bootstrap.store;

import static java.util.Objects.requireNonNull;

import io.codexlb.application.DataPlaneService;
import io.codexlb.application.JobRunner;
import io.codexlb.application.ManageStickySessionsService;
import io.codexlb.application.PurgeRequestLogsService;
import io.codexlb.port.in.ManageStickySessionsUseCase;
import io.codexlb.port.in.PurgeRequestLogsUseCase;
import io.codexlb.port.in.PurgeStickySessionsCommand;
import io.codexlb.port.in.PurgeStickySessionsCommand.Scope;
import io.codexlb.port.out.BackgroundTracer;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The store-wide periodic jobs of an open store, behind its job lease in one {@link JobRunner}, so
 * that of the instances sharing a store exactly one runs them (on SQLite, the one process):
 *
 * <ul>
 *   <li>{@code usage_polling} (when on): every {@link #USAGE_TICK}, the usage poller polls the
 *       accounts that are due ({@code CODEX_LB_USAGE_REFRESH_INTERVAL_SECONDS} per account);
 *   <li>{@code token_sweep}: every {@link #TOKEN_SWEEP_PERIOD}, the tokens due within a day are
 *       renewed;
 *   <li>{@code sticky_pin_expiry}: every {@link #STICKY_PERIOD}, the sticky pins past their time to
 *       live are deleted;
 *   <li>{@code request_log_retention}: every {@link #PERIOD}, the request logs past their retention
 *       are deleted.
 * </ul>
 *
 * A new holder runs each at once, then every period; a failed run is logged and the next period
 * tries again. What is per instance by nature stays off the lease and on every instance: the data
 * plane's write-behind flush (request logs, account states, key usage, sticky pins), the metrics
 * probes, the change-feed polling and the event-loop watchdog.
 *
 * <p>The retention is the stored setting {@code request_log_retention_days}, read on each run so a
 * change made while the server runs applies from the next run; while none is stored, {@code
 * CODEX_LB_REQUEST_LOG_RETENTION_DAYS} applies. Zero keeps them all (a run then deletes nothing).
 */
public final class StoreJobs {

  /** How often the request log job runs. */
  public static final Duration PERIOD = Duration.ofHours(1);

  /** How often the expired sticky pins are deleted. */
  public static final Duration STICKY_PERIOD = Duration.ofMinutes(5);

  /** How often the token sweep looks for accounts whose tokens are due within a day. */
  public static final Duration TOKEN_SWEEP_PERIOD = Duration.ofMinutes(10);

  /** How often the usage poller looks for accounts due for a poll (and the runner ticks). */
  public static final Duration USAGE_TICK = Duration.ofSeconds(1);

  /**
   * For tests only: a JVM system property, a whole number of seconds, that sets the period of the
   * token sweep, the sticky-pin expiry and the request-log retention, and the lease retry, to it
   * (so that a process test sees every job run and taken over in seconds). Not a setting: no
   * deployment wants it.
   */
  public static final String TEST_PERIOD_PROPERTY = "codexlb.test.jobPeriodSeconds";

  private static final Logger log = LoggerFactory.getLogger(StoreJobs.class);

  /**
   * How often the jobs run, and how often an instance that does not run them asks for the lease.
   *
   * @param usagePolling how often each account's usage is polled; empty when polling is off
   * @param tokenSweep the token sweep's period
   * @param stickyPins the sticky-pin expiry's period
   * @param requestLogs the request-log retention's period
   * @param leaseRetry how often a stand-by instance asks for the lease: the take-over time
   */
  public record Periods(
      Optional<Duration> usagePolling,
      Duration tokenSweep,
      Duration stickyPins,
      Duration requestLogs,
      Duration leaseRetry) {

    public Periods {
      requireNonNull(usagePolling, "usagePolling");
      requireNonNull(tokenSweep, "tokenSweep");
      requireNonNull(stickyPins, "stickyPins");
      requireNonNull(requestLogs, "requestLogs");
      requireNonNull(leaseRetry, "leaseRetry");
    }

    /**
     * The production periods; the lease is asked for every {@link JobRunner#MAX_LEASE_RETRY}, or
     * every usage polling period when that is shorter, so polling is taken over within a period.
     */
    public static Periods of(Optional<Duration> usagePolling) {
      Duration retry =
          usagePolling
              .filter(period -> period.compareTo(JobRunner.MAX_LEASE_RETRY) < 0)
              .orElse(JobRunner.MAX_LEASE_RETRY);
      return new Periods(usagePolling, TOKEN_SWEEP_PERIOD, STICKY_PERIOD, PERIOD, retry);
    }

    /**
     * The production periods, unless {@code testPeriodSeconds} (the {@link #TEST_PERIOD_PROPERTY})
     * is a positive whole number: then every store-wide period and the lease retry are that many
     * seconds (usage polling keeps its own period). Anything else is ignored with a WARN.
     */
    public static Periods of(Optional<Duration> usagePolling, @Nullable String testPeriodSeconds) {
      if (testPeriodSeconds == null || testPeriodSeconds.isBlank()) {
        return of(usagePolling);
      }
      long seconds;
      try {
        seconds = Long.parseLong(testPeriodSeconds.strip());
      } catch (NumberFormatException e) {
        seconds = 0;
      }
      if (seconds < 1) {
        log.warn(
            "store jobs: -D{}={} ignored (expected: a whole number of seconds >= 1)",
            TEST_PERIOD_PROPERTY,
            testPeriodSeconds);
        return of(usagePolling);
      }
      Duration period = Duration.ofSeconds(seconds);
      log.warn(
          "store jobs: every store-wide job runs every {} s (-D{}, for tests only)",
          seconds,
          TEST_PERIOD_PROPERTY);
      return new Periods(usagePolling, period, period, period, period);
    }
  }

  /** The data plane's part of the jobs: what {@link DataPlaneService} offers, for tests a fake. */
  public interface DataPlaneJobs {

    /** Polls the usage that is due; see {@link DataPlaneService#pollUsage}. */
    CompletionStage<?> pollUsage();

    /** Forgets the polling schedule; see {@link DataPlaneService#usagePollingHandedOver}. */
    void usagePollingHandedOver();

    /** Renews the tokens due within a day; see {@link DataPlaneService#renewDueTokens}. */
    CompletionStage<?> renewDueTokens();

    /** The jobs of {@code dataPlane}. */
    static DataPlaneJobs of(DataPlaneService dataPlane) {
      requireNonNull(dataPlane, "dataPlane");
      return new DataPlaneJobs() {
        @Override
        public CompletionStage<?> pollUsage() {
          return dataPlane.pollUsage();
        }

        @Override
        public void usagePollingHandedOver() {
          dataPlane.usagePollingHandedOver();
        }

        @Override
        public CompletionStage<?> renewDueTokens() {
          return dataPlane.renewDueTokens();
        }
      };
    }
  }

  private final Duration retention;
  private final Clock clock;
  private final Periods periods;
  private final BackgroundTracer tracer;

  /**
   * @param retention how long request logs are kept while no retention is stored; zero keeps them
   *     all
   * @param clock the time the cut-offs and periods are computed from
   * @param periods how often the jobs run
   * @param tracer told whether this instance runs the jobs, and of each run (the metrics)
   */
  public StoreJobs(Duration retention, Clock clock, Periods periods, BackgroundTracer tracer) {
    this.retention = requireNonNull(retention, "retention");
    this.clock = requireNonNull(clock, "clock");
    this.periods = requireNonNull(periods, "periods");
    this.tracer = requireNonNull(tracer, "tracer");
  }

  /**
   * The runner of every store-wide job on {@code store}, behind its job lease; the host calls its
   * {@link JobRunner#tick} every {@link #USAGE_TICK} and {@link JobRunner#stop} before the store
   * closes.
   */
  public JobRunner runner(Store store, DataPlaneJobs dataPlane) {
    requireNonNull(store, "store");
    requireNonNull(dataPlane, "dataPlane");
    List<JobRunner.Job> jobs = new ArrayList<>();
    if (periods.usagePolling().isPresent()) {
      jobs.add(
          new JobRunner.Job(
              "usage_polling",
              USAGE_TICK,
              dataPlane::pollUsage,
              dataPlane::usagePollingHandedOver));
    }
    jobs.add(new JobRunner.Job("token_sweep", periods.tokenSweep(), dataPlane::renewDueTokens));
    ManageStickySessionsUseCase pins =
        new ManageStickySessionsService(
            store.ports().stickySessions(), store.ports().changes(), clock);
    jobs.add(
        new JobRunner.Job(
            "sticky_pin_expiry",
            periods.stickyPins(),
            () ->
                reported(
                    "expired sticky pins",
                    pins.purge(new PurgeStickySessionsCommand(Scope.EXPIRED)))));
    // Run even when nothing is to be deleted now: a retention may be stored at any time.
    PurgeRequestLogsUseCase purge =
        new PurgeRequestLogsService(
            store.ports().requestLogs(),
            store.ports().settings(),
            (int) Math.min(retention.toDays(), Integer.MAX_VALUE));
    jobs.add(
        new JobRunner.Job(
            "request_log_retention",
            periods.requestLogs(),
            () -> reported("request logs past their retention", purge.purge(clock.instant()))));
    return new JobRunner(store.ports().jobLease(), jobs, tracer, clock, periods.leaseRetry());
  }

  /** The run, what it deleted logged at INFO (a failure is the runner's to log). */
  private static CompletionStage<? extends Number> reported(
      String what, CompletionStage<? extends Number> run) {
    return run.whenComplete(
        (deleted, error) -> {
          if (error == null && deleted.longValue() > 0) {
            log.info("store upkeep: deleted {} {}", deleted, what);
          }
        });
  }
}
