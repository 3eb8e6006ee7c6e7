package io.codexlb.adapter.http.admin;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.codexlb.adapter.http.JsonResponses;
import io.codexlb.domain.admin.AdminActor;
import io.codexlb.port.in.DrainCommand;
import io.codexlb.port.in.DrainResult;
import io.codexlb.port.in.DrainUseCase;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;

/**
 * {@code POST /api/drain}: drains this instance (readiness fails at once, new requests are served
 * for the settle period, then the listeners stop and requests in flight finish within the shutdown
 * grace, and the process exits with 0). Answers {@code 202} with what it did; a second request
 * answers the same with {@code "already_draining": true}.
 */
public final class DrainRoutes implements AdminRoutes {

  static final String PATH = "/api/drain";

  private final DrainUseCase drain;
  private final Clock clock;

  /**
   * @param drain drains the instance
   * @param clock when the request was made, for the audit log
   */
  public DrainRoutes(DrainUseCase drain, Clock clock) {
    this.drain = requireNonNull(drain, "drain");
    this.clock = requireNonNull(clock, "clock");
  }

  @Override
  public void install(Router router) {
    router.post(PATH).handler(this::drain);
  }

  private void drain(RoutingContext ctx) {
    AdminPrincipal principal = AdminReplies.principal(ctx);
    AdminActor actor = new AdminActor(principal.actor(), principal.address());
    AdminReplies.whenDone(
        ctx,
        drain.drain(new DrainCommand(actor, clock.instant())),
        result -> AdminReplies.json(ctx, 202, json(result)));
  }

  private static ObjectNode json(DrainResult result) {
    return JsonResponses.object()
        .put("status", "draining")
        .put("already_draining", result.alreadyDraining())
        .put("trigger", result.trigger())
        .put("settle_seconds", result.settle().toSeconds())
        .put("grace_seconds", result.grace().toSeconds());
  }

  @Override
  public ObjectNode openApiPaths() {
    ObjectNode paths = JsonResponses.object();
    ObjectNode post =
        paths
            .putObject(PATH)
            .putObject("post")
            .put(
                "summary",
                "Drain this instance: readiness fails, new requests are served for the settle"
                    + " period, then the listeners stop, requests in flight finish within the"
                    + " shutdown grace, and the process exits with 0");
    ObjectNode accepted = post.putObject("responses").putObject("202");
    accepted.put("description", "The drain started, or was already under way");
    ObjectNode schema =
        accepted.putObject("content").putObject("application/json").putObject("schema");
    schema.put("type", "object");
    ObjectNode properties = schema.putObject("properties");
    properties.putObject("status").put("type", "string").putArray("enum").add("draining");
    properties.putObject("already_draining").put("type", "boolean");
    properties.putObject("trigger").put("type", "string");
    properties.putObject("settle_seconds").put("type", "integer");
    properties.putObject("grace_seconds").put("type", "integer");
    return paths;
  }
}
