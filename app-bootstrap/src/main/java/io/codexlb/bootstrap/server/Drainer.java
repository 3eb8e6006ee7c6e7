package io.codexlb.bootstrap.server;

import static java.util.Objects.requireNonNull;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import io.codexlb.bootstrap.config.ServerConfig;
import io.codexlb.domain.health.CheckResult;
import io.codexlb.domain.health.Failures;
import io.codexlb.port.out.DrainPlan;
import io.codexlb.port.out.InstanceLifecycle;
import io.codexlb.port.out.ReadinessProbe;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drains this instance, whoever asks (SIGTERM, SIGINT, {@code POST /api/drain}): readiness fails at
 * once (the {@code drain} check, reason {@code draining}), new requests are still served for the
 * settle period so that a load balancer polling {@code /health/ready} stops sending them, then the
 * {@link RunningServer} stops (listeners closed, requests in flight finishing within the grace),
 * and {@link #stopped()} completes with the exit code the process should end with.
 */
@Singleton
public final class Drainer implements InstanceLifecycle, ReadinessProbe {

  /** The reason {@code /health/ready} gives while draining. */
  public static final String REASON = "draining";

  private static final Logger log = LoggerFactory.getLogger(Drainer.class);

  private final Duration settle;
  private final Duration grace;
  private final CompletableFuture<RunningServer> server = new CompletableFuture<>();
  private final CompletableFuture<DrainPlan> started = new CompletableFuture<>();
  private final CompletableFuture<Integer> stopped = new CompletableFuture<>();

  @GuardedBy("this") private @Nullable DrainPlan plan;

  // Read on every readiness check without the lock.
  private volatile boolean draining;

  @Inject
  Drainer(ServerConfig config) {
    this(config.drainSettle(), config.shutdownGrace());
  }

  /**
   * @param settle how long new requests are still served once readiness fails
   * @param grace how long requests in flight may then take to finish
   */
  public Drainer(Duration settle, Duration grace) {
    this.settle = requireNonNull(settle, "settle");
    this.grace = requireNonNull(grace, "grace");
  }

  /** Hands over the started server, which the drain stops once the settle period is over. */
  void attach(RunningServer running) {
    server.complete(requireNonNull(running, "running"));
  }

  @Override
  public DrainPlan drain(String trigger) {
    requireNonNull(trigger, "trigger");
    DrainPlan begun;
    synchronized (this) {
      if (plan != null) {
        log.info(
            "drain: {} asked, but the drain started by {} is under way", trigger, plan.trigger());
        return plan.again();
      }
      begun = new DrainPlan(false, trigger, settle, grace);
      plan = begun;
      draining = true;
    }
    log.info(
        "drain ({}): readiness now fails; new requests are served for {}s more, then the listeners"
            + " close and in-flight requests get up to {}s to finish",
        trigger,
        settle.toSeconds(),
        grace.toSeconds());
    started.complete(begun);
    CompletableFuture.runAsync(
            () -> {}, CompletableFuture.delayedExecutor(settle.toMillis(), TimeUnit.MILLISECONDS))
        .thenCompose(settled -> server)
        .thenCompose(
            running -> {
              log.info(
                  "drain: no longer accepting connections; waiting up to {}s for in-flight"
                      + " requests",
                  grace.toSeconds());
              return running.stop(grace);
            })
        .whenComplete(
            (done, error) -> {
              if (error != null) {
                log.error("drain: stop failed: {}", Failures.oneLine(error));
                stopped.complete(1);
              } else {
                stopped.complete(0);
              }
            });
    return begun;
  }

  /** Completes with the plan once a drain has started. */
  public CompletionStage<DrainPlan> started() {
    return started;
  }

  /** Completes once the drained server has stopped: 0 when it stopped cleanly, else 1. */
  public CompletionStage<Integer> stopped() {
    return stopped;
  }

  /** How long a drain may take at most, before Vert.x's own closing: settle plus grace. */
  public Duration longest() {
    return settle.plus(grace);
  }

  @Override
  public String checkName() {
    return "drain";
  }

  @Override
  public CompletionStage<CheckResult> check() {
    return CompletableFuture.completedFuture(
        draining ? CheckResult.fail(REASON) : CheckResult.pass());
  }
}
