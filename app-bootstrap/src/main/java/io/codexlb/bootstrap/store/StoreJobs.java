package io.codexlb.bootstrap.store;

import static java.util.Objects.requireNonNull;

import io.codexlb.application.ManageStickySessionsService;
import io.codexlb.application.PurgeRequestLogsService;
import io.codexlb.domain.health.Failures;
import io.codexlb.port.in.ManageStickySessionsUseCase;
import io.codexlb.port.in.PurgeRequestLogsUseCase;
import io.codexlb.port.in.PurgeStickySessionsCommand;
import io.codexlb.port.in.PurgeStickySessionsCommand.Scope;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The periodic upkeep of an open store: deleting request logs past their retention, every {@link
 * #PERIOD}, and deleting the sticky pins past their time to live ({@code sticky_ttl_seconds}, which
 * no request uses any more), every {@link #STICKY_PERIOD}. Each job runs once when the store opens,
 * then periodically. A failed run is logged and the next one tries again.
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

  private static final Logger log = LoggerFactory.getLogger(StoreJobs.class);

  /** Runs a task now and then every period; the server's is a Vert.x periodic timer. */
  @FunctionalInterface
  public interface Repeater {
    /** Runs {@code task} every {@code period}, the first time at once. */
    void every(Duration period, Runnable task);
  }

  private final Duration retention;
  private final Clock clock;
  private final Repeater repeater;

  /**
   * @param retention how long request logs are kept while no retention is stored; zero keeps them
   *     all
   * @param clock the time the cut-offs are computed from
   * @param repeater runs the jobs
   */
  public StoreJobs(Duration retention, Clock clock, Repeater repeater) {
    this.retention = requireNonNull(retention, "retention");
    this.clock = requireNonNull(clock, "clock");
    this.repeater = requireNonNull(repeater, "repeater");
  }

  /** Starts the jobs on {@code store}. */
  public void start(Store store) {
    requireNonNull(store, "store");
    ManageStickySessionsUseCase pins =
        new ManageStickySessionsService(
            store.ports().stickySessions(), store.ports().changes(), clock);
    repeater.every(
        STICKY_PERIOD,
        () ->
            report(
                "expired sticky pins",
                () -> pins.purge(new PurgeStickySessionsCommand(Scope.EXPIRED))));
    // Scheduled even when nothing is to be deleted now: a retention may be stored at any time.
    PurgeRequestLogsUseCase purge =
        new PurgeRequestLogsService(
            store.ports().requestLogs(),
            store.ports().settings(),
            (int) Math.min(retention.toDays(), Integer.MAX_VALUE));
    repeater.every(
        PERIOD,
        () -> report("request logs past their retention", () -> purge.purge(clock.instant())));
  }

  private static void report(String what, Supplier<CompletionStage<? extends Number>> job) {
    CompletionStage<? extends Number> run;
    try {
      run = job.get();
    } catch (RuntimeException e) {
      log.warn("store upkeep: deleting {} failed: {}", what, Failures.oneLine(e));
      return;
    }
    run.whenComplete(
        (deleted, error) -> {
          if (error != null) {
            log.warn("store upkeep: deleting {} failed: {}", what, Failures.oneLine(error));
          } else if (deleted.longValue() > 0) {
            log.info("store upkeep: deleted {} {}", deleted, what);
          }
        });
  }
}
