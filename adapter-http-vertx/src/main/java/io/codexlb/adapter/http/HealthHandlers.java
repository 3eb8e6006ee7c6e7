package io.codexlb.adapter.http;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.codexlb.domain.health.CheckResult;
import io.codexlb.domain.health.ReadinessReport;
import io.codexlb.port.in.CheckReadinessUseCase;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The health routes, for load balancers and orchestrators:
 *
 * <ul>
 *   <li>{@code GET /health}: the process is up and serving HTTP, nothing more, so it is always
 *       {@code 200 {"status":"ok"}}.
 *   <li>{@code GET /health/live}: the process and its event loops answer: 200, or 503 naming each
 *       event loop the {@link EventLoopWatchdog} finds stalled (a restart is the cure). A request
 *       that lands on the stalled loop is not answered at all, which a probe counts as failed too.
 *   <li>{@code GET /health/startup}: 503 until the instance is ready for the first time (store
 *       open, pool loaded), with the failing checks; then 200 for the rest of the process's life.
 *   <li>{@code GET /health/ready}: whether this instance can serve requests, by {@link
 *       CheckReadinessUseCase}; 200 when every check passed, else 503 with each failing check named
 *       (while draining: the {@code drain} check, reason {@code draining}).
 * </ul>
 */
final class HealthHandlers {

  static final String LIVE_PATH = "/health";
  static final String READY_PATH = "/health/ready";
  static final String LIVENESS_PATH = "/health/live";
  static final String STARTUP_PATH = "/health/startup";

  /** The paths load balancers and orchestrators poll. */
  static final Set<String> PATHS = Set.of(LIVE_PATH, READY_PATH, LIVENESS_PATH, STARTUP_PATH);

  private static final Logger log = LoggerFactory.getLogger(HealthHandlers.class);

  private static final Buffer LIVE_BODY = Buffer.buffer("{\"status\":\"ok\"}");

  private HealthHandlers() {}

  /** Adds the health routes to {@code router}; {@code health} is shared by every router. */
  static void install(Router router, ServerHealth health) {
    requireNonNull(health, "health");
    router.get(LIVE_PATH).handler(HealthHandlers::live);
    router.get(READY_PATH).handler(ctx -> ready(ctx, health::checkReadiness));
    router.get(LIVENESS_PATH).handler(ctx -> liveness(ctx, health));
    router.get(STARTUP_PATH).handler(ctx -> startup(ctx, health));
  }

  private static void liveness(RoutingContext ctx, ServerHealth health) {
    List<String> stalled = health.stalledEventLoops();
    if (stalled.isEmpty()) {
      JsonResponses.send(ctx.response(), 200, LIVE_BODY.copy());
      return;
    }
    ObjectNode body = JsonResponses.object();
    body.put("status", "unavailable");
    body.putObject("checks")
        .putObject("event_loops")
        .put("status", "failing")
        .put("reason", String.join("; ", stalled));
    JsonResponses.send(ctx.response(), 503, body);
  }

  private static void startup(RoutingContext ctx, ServerHealth health) {
    if (health.started()) {
      JsonResponses.send(ctx.response(), 200, LIVE_BODY.copy());
      return;
    }
    // Not started yet: the readiness checks decide, and say what is still missing.
    ready(ctx, health::checkReadiness);
  }

  private static void live(RoutingContext ctx) {
    // Buffers are mutable and written asynchronously: each response gets its own copy.
    JsonResponses.send(ctx.response(), 200, LIVE_BODY.copy());
  }

  private static void ready(RoutingContext ctx, CheckReadinessUseCase readiness) {
    CompletionStage<ReadinessReport> stage;
    try {
      stage = requireNonNull(readiness.checkReadiness(), "checkReadiness()");
    } catch (RuntimeException e) {
      checkBroke(ctx, e);
      return;
    }
    // The stage may complete on any thread; the response is written back on the request's context.
    Future.fromCompletionStage(stage, ctx.vertx().getOrCreateContext())
        .onComplete(report -> sendReport(ctx, report), error -> checkBroke(ctx, error));
  }

  private static void sendReport(RoutingContext ctx, ReadinessReport report) {
    if (report == null) {
      checkBroke(ctx, new NullPointerException("checkReadiness() completed with null"));
      return;
    }
    ObjectNode body = JsonResponses.object();
    body.put("status", report.ready() ? "ok" : "unavailable");
    ObjectNode checks = body.putObject("checks");
    report.checks().forEach((name, result) -> checks.set(name, check(result)));
    sendIfOpen(ctx, report.ready() ? 200 : 503, body);
  }

  private static ObjectNode check(CheckResult result) {
    ObjectNode check = JsonResponses.object();
    if (result instanceof CheckResult.Failed failed) {
      check.put("status", "failing").put("reason", failed.reason());
    } else {
      check.put("status", "ok");
    }
    return check;
  }

  /**
   * The use case promises never to fail, so this is a bug: answer 503 (a load balancer must not
   * route here) with a generic body, and keep the detail for the log.
   */
  private static void checkBroke(RoutingContext ctx, Throwable error) {
    RequestIdHandler.runWithRequestId(ctx, () -> log.error("Readiness check broke", error));
    ObjectNode body = JsonResponses.object();
    body.put("status", "unavailable");
    body.putObject("checks")
        .putObject("readiness")
        .put("status", "failing")
        .put("reason", "the readiness check failed unexpectedly");
    sendIfOpen(ctx, 503, body);
  }

  private static void sendIfOpen(RoutingContext ctx, int status, ObjectNode body) {
    // The client (a load balancer with a short timeout) may have given up while checks ran.
    if (ctx.response().closed() || ctx.response().ended()) {
      return;
    }
    JsonResponses.send(ctx.response(), status, JsonResponses.encode(body));
  }
}
