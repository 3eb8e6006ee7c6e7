package io.codexlb.bootstrap;

import static java.util.Objects.requireNonNull;

import io.codexlb.bootstrap.logging.LoggingSetup;
import io.codexlb.bootstrap.server.RunningServer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * Turns SIGTERM and SIGINT into a graceful stop followed by exit code 0. A plain shutdown hook
 * cannot do this: the JVM would still exit with 143 after a SIGTERM, which service managers read as
 * a crash.
 */
public final class ShutdownSignals {

  private static final Logger log = LoggerFactory.getLogger(ShutdownSignals.class);

  /** Extra time past the grace period for Vert.x itself to close. */
  private static final Duration CLOSE_MARGIN = Duration.ofSeconds(5);

  private ShutdownSignals() {}

  /** Installs the handlers; each signal stops {@code server} within {@code grace}, then exits. */
  public static void install(RunningServer server, Duration grace) {
    requireNonNull(server, "server");
    requireNonNull(grace, "grace");
    for (String name : new String[] {"TERM", "INT"}) {
      Signal.handle(new Signal(name), signal -> stopAndExit(server, grace, "SIG" + name));
    }
  }

  private static void stopAndExit(RunningServer server, Duration grace, String signal) {
    log.info(
        "{} received: no longer accepting connections; waiting up to {}s for in-flight requests",
        signal,
        grace.toSeconds());
    int code = 0;
    try {
      server
          .stop(grace)
          .toCompletableFuture()
          .get(grace.plus(CLOSE_MARGIN).toMillis(), TimeUnit.MILLISECONDS);
      log.info("Stopped");
    } catch (TimeoutException e) {
      log.warn(
          "Stop did not finish within {}s; exiting anyway", grace.plus(CLOSE_MARGIN).toSeconds());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (java.util.concurrent.ExecutionException e) {
      log.error("Stop failed", e.getCause());
      code = 1;
    }
    LoggingSetup.stop();
    System.exit(code);
  }
}
