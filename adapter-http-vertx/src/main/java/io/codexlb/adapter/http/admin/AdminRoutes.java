package io.codexlb.adapter.http.admin;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.ext.web.Router;

/**
 * One group of admin API routes (accounts, API keys, settings, ...). The dashboard listener's
 * router installs every group after the {@link AdminGate} and the body reader, so a group's
 * handlers see only requests the gate let through, with bodies of at most {@link
 * AdminApi#MAX_BODY_BYTES} already read ({@link io.codexlb.adapter.http.RequestBodies#json}).
 *
 * <p>A handler refuses a request by throwing {@link io.codexlb.adapter.http.ApiException}; the
 * router answers it with the error envelope.
 */
public interface AdminRoutes {

  /**
   * Adds this group's routes to {@code router}: one router per event loop, so this runs once per
   * event loop. Every path starts with {@code /api/}.
   */
  void install(Router router);

  /**
   * The OpenAPI 3.1 path items of exactly the routes {@link #install} adds, keyed by path in
   * OpenAPI form ({@code /api/accounts/{id}}, where the route says {@code /api/accounts/:id}), each
   * holding one operation per method in lower case ({@code "get"}, {@code "post"}, ...). A test
   * holds the two in step.
   */
  ObjectNode openApiPaths();
}
