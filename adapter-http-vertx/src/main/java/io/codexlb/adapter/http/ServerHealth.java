package io.codexlb.adapter.http;

import static java.util.Objects.requireNonNull;

import io.codexlb.domain.health.ReadinessReport;
import io.codexlb.port.in.CheckReadinessUseCase;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * What the health routes of both listeners share: readiness, whether the instance has ever been
 * ready (behind {@code GET /health/startup}), and the {@link EventLoopWatchdog} (behind {@code GET
 * /health/live}).
 *
 * <p>Give the same one to every router of the process ({@code HttpApi.proxyRouter}, {@code
 * AdminRouter.create}); a router given a plain use case builds its own, with no watchdog, and its
 * start-up verdict is then its own.
 */
public final class ServerHealth {

  private final CheckReadinessUseCase readiness;
  private final EventLoopWatchdog watchdog;
  private volatile boolean started;

  /**
   * @param readiness the checks behind {@code /health/ready}
   * @param watchdog watches the event loops for {@code /health/live}
   */
  public ServerHealth(CheckReadinessUseCase readiness, EventLoopWatchdog watchdog) {
    this.readiness = requireNonNull(readiness, "readiness");
    this.watchdog = requireNonNull(watchdog, "watchdog");
  }

  /** Health over {@code readiness} alone, with no event loop watched. */
  public static ServerHealth of(CheckReadinessUseCase readiness) {
    return new ServerHealth(readiness, EventLoopWatchdog.none());
  }

  /** Runs the readiness checks; the first report that is ready marks the instance started. */
  public CompletionStage<ReadinessReport> checkReadiness() {
    return requireNonNull(readiness.checkReadiness(), "checkReadiness()")
        .thenApply(
            report -> {
              if (report != null && report.ready()) {
                started = true;
              }
              return report;
            });
  }

  /**
   * Whether the instance has been ready at least once (the store open, the pool loaded); once true,
   * true for the rest of the process's life, draining included.
   */
  public boolean started() {
    return started;
  }

  /** The event loops that are stalled, each as a sentence; empty when the process is live. */
  public List<String> stalledEventLoops() {
    return watchdog.stalled();
  }
}
