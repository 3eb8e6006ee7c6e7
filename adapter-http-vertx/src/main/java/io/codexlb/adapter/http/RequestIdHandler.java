package io.codexlb.adapter.http;

import static java.util.Objects.requireNonNull;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.MDC;

/**
 * Gives every request two ids: the server's own, always fresh and unique (the request log's key,
 * sent upstream), and the client's {@code X-Request-ID} when it sent a sane one (clients may reuse
 * theirs for many requests, so it identifies nothing on its own). Both are kept in the routing
 * context and put in the SLF4J MDC, under {@value #MDC_KEY} and {@value #CLIENT_MDC_KEY}, while the
 * handlers after this one run synchronously, so an operator finds a request's log lines by either
 * id. The {@code X-Request-ID} header of every response (errors included) echoes the client's id
 * when it sent one, as upstream codex-lb does and clients that join logs by it expect, and carries
 * the server's id otherwise.
 *
 * <p>The MDC is thread-bound and an event loop serves many requests, so the id is only in the MDC
 * for the duration of a synchronous call and is restored afterwards. Code that logs from a later
 * callback sets it again around the log call with {@link #runWithRequestId}.
 *
 * <p>Installed first on every router by {@link HttpApi}.
 */
public final class RequestIdHandler implements Handler<RoutingContext> {

  /** The MDC key that carries the request id in log events. */
  public static final String MDC_KEY = "request_id";

  /** The MDC key that carries the client's own request id, when it sent one. */
  public static final String CLIENT_MDC_KEY = "client_request_id";

  /** Routing-context key of the id; namespaced so no other handler's data can clash with it. */
  private static final String CONTEXT_KEY = RequestIdHandler.class.getName() + ".requestId";

  /** Routing-context key of the client's id, absent when it sent none (or none sane). */
  private static final String CLIENT_CONTEXT_KEY =
      RequestIdHandler.class.getName() + ".clientRequestId";

  RequestIdHandler() {}

  /** The client's own {@code X-Request-ID} of the request being routed, when it sent a sane one. */
  public static Optional<String> clientRequestId(RoutingContext ctx) {
    return Optional.ofNullable(
        requireNonNull(ctx, "ctx").<@Nullable String>get(CLIENT_CONTEXT_KEY));
  }

  /**
   * The server's own id of the request being routed.
   *
   * @throws IllegalStateException when the router has no {@code RequestIdHandler} in front
   */
  public static String requestId(RoutingContext ctx) {
    String id = requireNonNull(ctx, "ctx").get(CONTEXT_KEY);
    if (id == null) {
      throw new IllegalStateException(
          "no request id (expected: RequestIdHandler first on the router)");
    }
    return id;
  }

  @Override
  public void handle(RoutingContext ctx) {
    runWithRequestId(assign(ctx), ctx.get(CLIENT_CONTEXT_KEY), ctx::next);
  }

  /**
   * The request's id, assigned now if no {@code RequestIdHandler} has run: Vert.x fails a request
   * whose path does not start with {@code /} before any route, straight to the error handlers, and
   * that response must carry an id too.
   */
  static String ensureRequestId(RoutingContext ctx) {
    String id = ctx.get(CONTEXT_KEY);
    return id != null ? id : assign(ctx);
  }

  /** Runs {@code action} with the request's id in the MDC; for logging from callbacks. */
  static void runWithRequestId(RoutingContext ctx, Runnable action) {
    String id = ensureRequestId(ctx);
    runWithRequestId(id, ctx.get(CLIENT_CONTEXT_KEY), action);
  }

  private static String assign(RoutingContext ctx) {
    String id = RequestIds.generate();
    @Nullable String clientId = RequestIds.acceptable(ctx.request().getHeader(RequestIds.HEADER));
    ctx.put(CONTEXT_KEY, id);
    if (clientId != null) {
      ctx.put(CLIENT_CONTEXT_KEY, clientId);
    }
    String echoed = clientId != null ? clientId : id;
    // Set when the headers are written rather than now, so that no later handler (an error
    // handler resetting the response, say) can drop it.
    ctx.addHeadersEndHandler(ignored -> ctx.response().headers().set(RequestIds.HEADER, echoed));
    return id;
  }

  /** Runs {@code action} with both ids in the MDC (the client's only when it has one). */
  private static void runWithRequestId(String id, @Nullable String clientId, Runnable action) {
    if (clientId == null) {
      runWithRequestId(id, action);
      return;
    }
    String previous = MDC.get(CLIENT_MDC_KEY);
    MDC.put(CLIENT_MDC_KEY, clientId);
    try {
      runWithRequestId(id, action);
    } finally {
      if (previous == null) {
        MDC.remove(CLIENT_MDC_KEY);
      } else {
        MDC.put(CLIENT_MDC_KEY, previous);
      }
    }
  }

  /**
   * Runs {@code action} with {@code id} in the MDC, then puts back what was there: the calls nest
   * when a failure handler runs inside the routing of the same request.
   */
  static void runWithRequestId(String id, Runnable action) {
    String previous = MDC.get(MDC_KEY);
    MDC.put(MDC_KEY, id);
    try {
      action.run();
    } finally {
      if (previous == null) {
        MDC.remove(MDC_KEY);
      } else {
        MDC.put(MDC_KEY, previous);
      }
    }
  }
}
