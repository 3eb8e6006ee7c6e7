package io.codexlb.adapter.http;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.RoutingContext;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers a request whose body the server will not read (no valid key, too large, no room in the
 * {@link BodyBudget}) without storing a byte of it: the answer goes out at once with {@code
 * Connection: close}; what the client still sends is counted and dropped, and the connection is
 * closed when the body has ended or once more than the drain limit was dropped: {@link
 * #KEYLESS_DRAIN_LIMIT} for a client without a valid key, more for one with a key (see {@link
 * BoundedBodyHandler}).
 *
 * <p>Dropping the rest rather than closing at once lets the client read the answer: a connection
 * closed with unread bytes in it is reset, and the reset may overtake the answer. Dropping costs no
 * memory; the limit bounds the reading a client can make the server do for nothing.
 */
final class UnreadBody {

  /** The most bytes of a keyless request's body read and dropped before its connection closes. */
  static final long KEYLESS_DRAIN_LIMIT = 64 * 1024;

  private static final Logger log = LoggerFactory.getLogger(UnreadBody.class);

  private final RoutingContext ctx;
  private final HttpServerRequest request;
  private final long drainLimit;
  private long dropped;
  private boolean bodyOver;
  private boolean answered;
  private boolean closed;

  private UnreadBody(RoutingContext ctx, long drainLimit) {
    this.ctx = ctx;
    this.request = ctx.request();
    this.drainLimit = drainLimit;
  }

  /**
   * Sends {@code answer} (an error response) for a request whose body is not wanted, dropping the
   * body. All on the request's event loop.
   *
   * @param drainLimit the most bytes of the body read and dropped before the connection is closed
   * @param answer sends the response; its future completes once it is written
   */
  static void refuse(RoutingContext ctx, long drainLimit, Supplier<Future<Void>> answer) {
    HttpServerRequest request = ctx.request();
    if (request.isEnded()) {
      // The whole body is in already: an ordinary answer, on a connection that may stay open.
      Future<Void> sent = answer.get();
      sent.onFailure(failure -> log.debug("answer not sent: {}", String.valueOf(failure)));
      return;
    }
    UnreadBody unread = new UnreadBody(ctx, drainLimit);
    // A client waiting for "100 Continue" sends no body: there is nothing to wait for.
    unread.bodyOver = request.headers().contains(HttpHeaders.EXPECT, "100-continue", true);
    ctx.response().putHeader(HttpHeaders.CONNECTION, HttpHeaders.CLOSE);
    request
        .handler(unread::drop)
        .endHandler(ignored -> unread.ended())
        .exceptionHandler(unread::failed);
    answer.get().onComplete(ignored -> unread.answered());
  }

  private void drop(Buffer chunk) {
    dropped += chunk.length();
    if (dropped > drainLimit && !bodyOver) {
      bodyOver = true;
      closeIfDone();
    }
  }

  private void ended() {
    bodyOver = true;
    closeIfDone();
  }

  private void answered() {
    answered = true;
    closeIfDone();
  }

  private void failed(Throwable failure) {
    // The client went away, or sent a malformed rest: the answer is out or cannot be, either way.
    RequestIdHandler.runWithRequestId(
        ctx,
        () ->
            log.debug(
                "unread body of a refused request: connection failed after {} bytes: {}",
                dropped,
                String.valueOf(failure)));
  }

  private void closeIfDone() {
    // An HTTP/2 stream ends on its own and the connection carries others: only HTTP/1 closes.
    if (answered && bodyOver && !closed && request.version() != HttpVersion.HTTP_2) {
      closed = true;
      request.connection().close();
    }
  }
}
