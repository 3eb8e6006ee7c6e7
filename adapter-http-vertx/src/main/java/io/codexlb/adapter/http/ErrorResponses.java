package io.codexlb.adapter.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.errorprone.annotations.CanIgnoreReturnValue;
import io.codexlb.domain.key.KeyValidation;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClosedException;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place that turns errors into responses: the OpenAI error envelope {@code
 * {"error":{"code":...,"message":...,"type":...}}} with the {@link ApiError}'s status and headers.
 * Unexpected failures become a 500 {@code internal_error}; their exception is logged with the
 * request id and never sent to the client. A failure because the connection closed (the client
 * left, or the server closed a slow client) is logged at DEBUG in one line: nothing can be sent.
 */
public final class ErrorResponses {

  private static final Logger log = LoggerFactory.getLogger(ErrorResponses.class);

  private ErrorResponses() {}

  /**
   * Makes {@code router} answer every error with the envelope: no route (404), wrong method (405),
   * and any failure of a handler, whichever route it was added by.
   */
  static void install(Router router) {
    router.errorHandler(404, ErrorResponses::notFound);
    router.errorHandler(405, ErrorResponses::methodNotAllowed);
    // Failures of handlers reach this failure handler, which matches every path; the 500 error
    // handler is the backstop Vert.x uses should a failure ever get past it.
    router.route().failureHandler(ErrorResponses::failure);
    router.errorHandler(500, ErrorResponses::failure);
  }

  /**
   * Ends the request's response with {@code error}.
   *
   * @return completes when the response is written; fails when it could not be (the connection is
   *     gone, or the response had already ended)
   */
  @CanIgnoreReturnValue
  public static Future<Void> send(RoutingContext ctx, ApiError error) {
    HttpServerResponse response = ctx.response();
    if (response.ended() || response.closed()) {
      return Future.failedFuture("the response has already ended");
    }
    RequestIdHandler.ensureRequestId(ctx);
    error.headers().forEach(response::putHeader);
    return JsonResponses.send(response, error.status(), envelope(error));
  }

  /**
   * Ends the response with 401 {@code invalid_api_key}, the same for every cause, and logs the
   * cause at DEBUG with the request id (never the key).
   */
  @CanIgnoreReturnValue
  static Future<Void> sendInvalidKey(RoutingContext ctx, KeyValidation validation) {
    if (log.isDebugEnabled()) {
      String method = method(ctx);
      String path = path(ctx);
      String cause = ApiError.describe(validation);
      RequestIdHandler.runWithRequestId(
          ctx, () -> log.debug("{} {}: key refused: {}", method, path, cause));
    }
    return send(ctx, ApiError.invalidApiKey(validation));
  }

  /**
   * Answers {@code request}, which no router may have seen, with {@code error} and closes its
   * connection once the answer is written: for requests whose framing cannot be trusted, so that
   * nothing after them is read as another request. When part of a response is already on the wire,
   * the connection is just closed.
   *
   * @return the request id sent with the answer, for the access log
   */
  static String sendAndClose(HttpServerRequest request, ApiError error) {
    HttpServerResponse response = request.response();
    String id = response.headers().get(RequestIds.HEADER);
    if (id == null) {
      id = RequestIds.acceptOrGenerate(request.getHeader(RequestIds.HEADER));
    }
    if (response.headWritten() || response.closed()) {
      request.connection().close();
      return id;
    }
    response.putHeader(RequestIds.HEADER, id);
    error.headers().forEach(response::putHeader);
    response
        .putHeader("Connection", "close")
        .setStatusCode(error.status())
        .putHeader("Content-Type", JsonResponses.CONTENT_TYPE)
        .end(envelope(error))
        .onComplete(ignored -> request.connection().close());
    return id;
  }

  /** The JSON envelope of {@code error}. */
  static Buffer envelope(ApiError error) {
    return JsonResponses.encode(envelopeNode(error));
  }

  private static ObjectNode envelopeNode(ApiError error) {
    ObjectNode body = JsonResponses.object();
    body.putObject("error")
        .put("code", error.code())
        .put("message", error.message())
        .put("type", error.type());
    return body;
  }

  private static void notFound(RoutingContext ctx) {
    send(ctx, ApiError.notFound(method(ctx), path(ctx)));
  }

  private static void methodNotAllowed(RoutingContext ctx) {
    send(ctx, ApiError.methodNotAllowed(method(ctx), path(ctx)));
  }

  private static void failure(RoutingContext ctx) {
    if (connectionClosed(ctx)) {
      Throwable failure = ctx.failure();
      RequestIdHandler.runWithRequestId(
          ctx,
          () ->
              log.debug(
                  "{} {}: connection closed before the response ended{}",
                  method(ctx),
                  path(ctx),
                  failure == null ? "" : " (" + ConnectionGuard.oneLine(failure) + ")"));
      return;
    }
    int status = ctx.statusCode();
    ApiError error;
    if (ctx.failure() instanceof ApiException refused) {
      // A handler refused the request on purpose: its error is the answer, nothing to log.
      error = refused.error();
    } else if (status == 404) {
      // Vert.x fails with 404, before routing, a path that does not start with a slash.
      error = ApiError.notFound(method(ctx), path(ctx));
    } else if (status >= 400 && status <= 499) {
      error = ApiError.rejectedRequest(status);
    } else {
      // ctx.statusCode() is -1 when a handler threw or failed with an exception; any 5xx is a bug
      // or broken infrastructure all the same, and the client learns nothing more from its detail.
      logUnexpected(ctx);
      error = ApiError.internalError();
    }
    HttpServerResponse response = ctx.response();
    if (response.headWritten()) {
      // Part of another response is already on the wire (a stream, say); an error envelope can no
      // longer be sent, and ending normally would pass a truncated body off as complete.
      if (!response.closed()) {
        ctx.put(AccessLogHandler.RESET_BY_SERVER, Boolean.TRUE);
        response.reset();
      }
      return;
    }
    send(ctx, error);
  }

  /**
   * The connection is gone, or the failure says so: a body handler fails its route when the
   * connection closes under it, whoever closed it.
   */
  private static boolean connectionClosed(RoutingContext ctx) {
    return ctx.response().closed() || ctx.failure() instanceof HttpClosedException;
  }

  private static void logUnexpected(RoutingContext ctx) {
    String method = method(ctx);
    String path = path(ctx);
    Throwable failure = ctx.failure();
    RequestIdHandler.runWithRequestId(
        ctx,
        () -> {
          if (failure == null) {
            log.error("{} {} failed with status {}", method, path, ctx.statusCode());
          } else {
            log.error("{} {} failed", method, path, failure);
          }
        });
  }

  private static String method(RoutingContext ctx) {
    return ctx.request().method().name();
  }

  /** The path without the query string, which may carry secrets; never null. */
  private static String path(RoutingContext ctx) {
    return String.valueOf(ctx.request().path());
  }
}
