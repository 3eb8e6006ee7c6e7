package io.codexlb.adapter.http.admin;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/**
 * Decides who may use the admin API. It runs before every {@code /api/} route and either ends the
 * request with an error or calls {@code next()} after {@linkplain AdminPrincipal#put recording} who
 * the caller is, so that the routes (and the audit log) can name them. It runs before the body is
 * read: a caller who may not use the API never gets a byte of body buffered.
 */
public interface AdminGate extends Handler<RoutingContext> {}
