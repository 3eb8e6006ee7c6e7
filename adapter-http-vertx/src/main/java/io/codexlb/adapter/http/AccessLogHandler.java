package io.codexlb.adapter.http;

import static java.util.Objects.requireNonNull;

import io.vertx.core.AsyncResult;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes one access-log line per request when its response ends: method, path (never the query
 * string, which may carry secrets), status and duration in milliseconds, with the request id in the
 * MDC. Paths that load balancers poll are logged at DEBUG so they do not drown the rest at INFO.
 *
 * <p>The status is what the client got: a request whose connection closed before its response ended
 * is logged as {@code 499} (nginx's "client closed request"), with the status already sent, if any,
 * beside it; never as the {@code 200} a response starts with. A request refused before routing
 * (malformed, see {@link #logUnrouted}) gets its line too.
 *
 * <p>Installed right after {@link RequestIdHandler}, whose id it logs.
 */
final class AccessLogHandler implements Handler<RoutingContext> {

  /** The logger name, stable so that operators can route or silence access lines. */
  static final String LOGGER_NAME = "io.codexlb.http.access";

  /** The status logged for a request whose connection closed before its response ended. */
  static final int CLIENT_CLOSED_REQUEST = 499;

  /**
   * Routing-context key set when the server itself reset the response (after a failure mid-stream),
   * so that the line does not blame the client.
   */
  static final String RESET_BY_SERVER = AccessLogHandler.class.getName() + ".resetByServer";

  private static final Logger log = LoggerFactory.getLogger(LOGGER_NAME);

  private final Set<String> quietPaths;

  /**
   * @param quietPaths exact paths logged at DEBUG instead of INFO
   */
  AccessLogHandler(Set<String> quietPaths) {
    this.quietPaths = Set.copyOf(requireNonNull(quietPaths, "quietPaths"));
  }

  @Override
  public void handle(RoutingContext ctx) {
    long startNanos = System.nanoTime();
    ctx.addEndHandler(result -> log(ctx, result, startNanos));
    ctx.next();
  }

  private void log(RoutingContext ctx, AsyncResult<Void> result, long startNanos) {
    String path = ctx.request().path();
    boolean quiet = path != null && quietPaths.contains(path);
    if (quiet ? !log.isDebugEnabled() : !log.isInfoEnabled()) {
      return;
    }
    long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
    String method = ctx.request().method().name();
    HttpServerResponse response = ctx.response();
    int status;
    String outcome;
    if (result.succeeded()) {
      status = response.getStatusCode();
      outcome = "";
    } else if (Boolean.TRUE.equals(ctx.get(RESET_BY_SERVER))) {
      status = response.getStatusCode();
      outcome = " (reset by the server after a failure)";
    } else {
      // The client went away (or was closed for being too slow) before the response ended.
      status = CLIENT_CLOSED_REQUEST;
      outcome =
          response.headWritten()
              ? " (connection closed after status " + response.getStatusCode() + " was sent)"
              : " (connection closed before the response)";
    }
    RequestIdHandler.runWithRequestId(
        ctx,
        () -> {
          if (quiet) {
            log.debug("{} {} {} {}ms{}", method, path, status, millis, outcome);
          } else {
            log.info("{} {} {} {}ms{}", method, path, status, millis, outcome);
          }
        });
  }

  /**
   * The line of a request answered before any router saw it, because it could not be routed: a
   * malformed request line or head, bad percent-encoding, ambiguous framing.
   *
   * @param requestId the id sent back with the answer
   */
  static void logUnrouted(HttpServerRequest request, int status, String requestId) {
    if (!log.isInfoEnabled()) {
      return;
    }
    String method = request.method().name();
    String path = printable(request.path());
    RequestIdHandler.runWithRequestId(
        requestId, () -> log.info("{} {} {} 0ms (refused before routing)", method, path, status));
  }

  /** A malformed path as it can safely go in a log line: printable ASCII, at most 200 chars. */
  static String printable(@Nullable String path) {
    if (path == null) {
      return "-";
    }
    StringBuilder safe = new StringBuilder(Math.min(path.length(), 200));
    for (int i = 0; i < path.length() && i < 200; i++) {
      char c = path.charAt(i);
      safe.append(c >= 0x21 && c < 0x7f ? c : '?');
    }
    return safe.toString();
  }
}
