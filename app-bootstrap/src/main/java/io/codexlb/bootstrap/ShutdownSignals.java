package io.codexlb.bootstrap;

import static java.util.Objects.requireNonNull;

import io.codexlb.bootstrap.logging.LoggingSetup;
import io.codexlb.bootstrap.server.Drainer;
import io.codexlb.bootstrap.server.RunningServer;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * Turns SIGTERM and SIGINT into a drain ({@link Drainer}: readiness fails, new requests are served
 * for the settle period, then in-flight requests finish within the grace), and ends the process
 * with exit code 0 once any drain, a signal's or {@code POST /api/drain}'s, is over. A plain
 * shutdown hook cannot do this: the JVM would still exit with 143 after a SIGTERM, which service
 * managers read as a crash.
 */
public final class ShutdownSignals {

  private static final Logger log = LoggerFactory.getLogger(ShutdownSignals.class);

  /** Extra time past the settle period and the grace for Vert.x itself to close. */
  private static final Duration CLOSE_MARGIN = Duration.ofSeconds(5);

  private ShutdownSignals() {}

  /**
   * Installs the handlers: each signal drains {@code server}; the process exits when the drain is
   * over, or {@link #CLOSE_MARGIN} after it should have been.
   */
  public static void install(RunningServer server) {
    requireNonNull(server, "server");
    Drainer drainer = server.drainer();
    for (String name : new String[] {"TERM", "INT"}) {
      Signal.handle(
          new Signal(name),
          signal -> {
            log.info("SIG{} received: draining", name);
            server.drain("SIG" + name);
          });
    }
    // Waits on its own thread, so that neither a signal handler nor an event loop blocks.
    Thread exit = new Thread(() -> exitWhenDrained(drainer), "codex-lb-exit");
    exit.setDaemon(true);
    exit.start();
  }

  private static void exitWhenDrained(Drainer drainer) {
    int code = 0;
    Duration limit = drainer.longest().plus(CLOSE_MARGIN);
    try {
      drainer.started().toCompletableFuture().get();
      code = drainer.stopped().toCompletableFuture().get(limit.toMillis(), TimeUnit.MILLISECONDS);
      log.info("Stopped");
    } catch (TimeoutException e) {
      log.warn("Stop did not finish within {}s; exiting anyway", limit.toSeconds());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    } catch (ExecutionException e) {
      log.error("Stop failed", e.getCause());
      code = 1;
    }
    LoggingSetup.stop();
    System.exit(code);
  }
}
