package io.codexlb.adapter.http;

import static java.util.Objects.requireNonNull;

import io.vertx.core.AsyncResult;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes one access-log line per request when its response ends: method, path (never the query
 * string, which may carry secrets), status and duration in milliseconds, with the request id in the
 * MDC. Paths that load balancers poll are logged at DEBUG so they do not drown the rest at INFO.
 *
 * <p>Installed right after {@link RequestIdHandler}, whose id it logs.
 */
final class AccessLogHandler implements Handler<RoutingContext> {

  /** The logger name, stable so that operators can route or silence access lines. */
  static final String LOGGER_NAME = "io.codexlb.http.access";

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
    int status = ctx.response().getStatusCode();
    // A failed end means the connection closed before the whole response was written.
    String outcome = result.succeeded() ? "" : " (connection closed before the response ended)";
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
}
