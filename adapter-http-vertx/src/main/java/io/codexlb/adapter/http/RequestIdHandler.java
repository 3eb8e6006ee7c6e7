package io.codexlb.adapter.http;

import static java.util.Objects.requireNonNull;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.MDC;

/**
 * Gives every request an id: the client's sane {@code X-Request-ID} or a fresh one. The id is kept
 * in the routing context, sent back in the {@code X-Request-ID} header of every response (errors
 * included), and put in the SLF4J MDC under {@value #MDC_KEY} while the handlers after this one run
 * synchronously.
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

  /** Routing-context key of the id; namespaced so no other handler's data can clash with it. */
  private static final String CONTEXT_KEY = RequestIdHandler.class.getName() + ".requestId";

  RequestIdHandler() {}

  /**
   * The id of the request being routed.
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
    runWithRequestId(assign(ctx), ctx::next);
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
    runWithRequestId(ensureRequestId(ctx), action);
  }

  private static String assign(RoutingContext ctx) {
    String id = RequestIds.acceptOrGenerate(ctx.request().getHeader(RequestIds.HEADER));
    ctx.put(CONTEXT_KEY, id);
    // Set when the headers are written rather than now, so that no later handler (an error
    // handler resetting the response, say) can drop it.
    ctx.addHeadersEndHandler(ignored -> ctx.response().headers().set(RequestIds.HEADER, id));
    return id;
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
