package io.codexlb.adapter.http.admin;

import static java.util.Objects.requireNonNull;

import io.codexlb.adapter.http.HttpApi;
import io.codexlb.adapter.http.JsonResponses;
import io.codexlb.adapter.http.ServerHealth;
import io.codexlb.port.in.CheckReadinessUseCase;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;

/**
 * The router of the dashboard listener (port 3000 by default): health, the admin API and the
 * dashboard's pages.
 */
public final class AdminRouter {

  private AdminRouter() {}

  /**
   * The dashboard listener's router. It starts as every router does ({@link HttpApi#baseRouter}:
   * request ids, access log, error envelopes, health); then every {@code /api/} request passes the
   * admin gate, has its body read (at most {@link AdminApi#MAX_BODY_BYTES}: 413 past it), and
   * reaches its group's route; {@code GET /api/openapi.json} describes them all. Any other {@code
   * GET} is a file of the dashboard ({@link DashboardPages}).
   *
   * @param vertx the Vert.x instance of the verticle that serves the router
   * @param readiness behind {@code GET /health/ready}
   * @param admin the gate and route groups of the admin API
   */
  public static Router create(Vertx vertx, CheckReadinessUseCase readiness, AdminApi admin) {
    return create(vertx, ServerHealth.of(requireNonNull(readiness, "readiness")), admin);
  }

  /**
   * The dashboard listener's router, with the health every router of the process shares.
   *
   * @see #create(Vertx, CheckReadinessUseCase, AdminApi)
   */
  public static Router create(Vertx vertx, ServerHealth health, AdminApi admin) {
    requireNonNull(admin, "admin");
    Router router = HttpApi.baseRouter(vertx, health);
    router.route("/api/*").handler(admin.gate());
    router
        .route("/api/*")
        .handler(HttpApi.boundedBody(AdminApi.MAX_BODY_BYTES, admin.bodyBudget()));
    for (AdminRoutes group : admin.groups()) {
      group.install(router);
    }
    Buffer description = JsonResponses.encode(OpenApiDocument.of(admin.groups(), admin.version()));
    router
        .get(OpenApiDocument.PATH)
        .handler(ctx -> JsonResponses.send(ctx.response(), 200, description));
    DashboardPages.install(router);
    return router;
  }
}
