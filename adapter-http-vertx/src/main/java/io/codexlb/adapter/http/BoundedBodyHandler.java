package io.codexlb.adapter.http;

import static java.util.Objects.requireNonNull;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.RoutingContext;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a request body into one byte array, within two bounds: the body alone may not exceed the
 * route's limit (413 {@code request_too_large}), and all bodies together may not exceed the {@link
 * BodyBudget} (503 {@code server_busy} with {@code Retry-After}). Memory is reserved before it is
 * allocated: the declared {@code Content-Length} at once (so a body that cannot fit is refused
 * before a byte of it is read), a chunked body as its buffer grows. The reservation is released
 * when the request is done: its response ended, or its connection closed.
 *
 * <p>A body with a {@code Content-Encoding} ({@link ContentCoding}: gzip, deflate or zstd) is read
 * compressed within the same bounds, then inflated on a worker thread ({@link BodyInflation}) into
 * at most the route's limit: the limit applies to the inflated body, whose memory is reserved in
 * the budget as it grows, and the compressed bytes stay reserved until it replaces them. What
 * follows sees the inflated body. An encoding it does not decode is a 415 {@code
 * unsupported_content_encoding} before a byte is read; a body its coding cannot decode, a 400.
 *
 * <p>Installed after the key check, so that no byte of a body is buffered for a client without a
 * valid key. Unlike Vert.x's {@code BodyHandler}, it never decodes forms or multipart bodies, and
 * it holds each body once, not in a growing buffer and then a copy.
 */
final class BoundedBodyHandler implements Handler<RoutingContext> {

  private static final Logger log = LoggerFactory.getLogger(BoundedBodyHandler.class);

  private static final String BODY_KEY = BoundedBodyHandler.class.getName() + ".body";

  /** Where a chunked body's buffer starts; it doubles from there, up to the limit. */
  static final int INITIAL_CHUNKED_CAPACITY = 16 * 1024;

  /** The status the access log shows for a request whose client left before its body ended. */
  static final int CLIENT_CLOSED_REQUEST = 499;

  private static final byte[] EMPTY = new byte[0];

  private final long maxBytes;
  private final BodyBudget budget;

  /**
   * @param maxBytes the largest body accepted, at least 1
   * @param budget what all bodies being read or served may hold together
   */
  BoundedBodyHandler(long maxBytes, BodyBudget budget) {
    if (maxBytes < 1 || maxBytes > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException(
          "maxBytes: " + maxBytes + " (expected: 1 to " + (Integer.MAX_VALUE - 8) + ")");
    }
    this.maxBytes = maxBytes;
    this.budget = requireNonNull(budget, "budget");
  }

  /** The body read for this request; empty when it had none. */
  static byte[] body(RoutingContext ctx) {
    byte[] body = ctx.get(BODY_KEY);
    return body == null ? EMPTY : body;
  }

  @Override
  public void handle(RoutingContext ctx) {
    HttpServerRequest request = ctx.request();
    if (request.isEnded()) {
      ctx.next();
      return;
    }
    ContentCoding.Parsed parsed = ContentCoding.parse(contentEncoding(request));
    if (parsed instanceof ContentCoding.Parsed.Unsupported unsupported) {
      UnreadBody.refuse(
          ctx,
          drainLimit(),
          () -> ErrorResponses.send(ctx, ApiError.unsupportedContentEncoding(unsupported.name())));
      return;
    }
    ContentCoding coding = ((ContentCoding.Parsed.Supported) parsed).coding();
    long declared = declaredLength(request);
    if (declared > maxBytes) {
      UnreadBody.refuse(
          ctx, drainLimit(), () -> ErrorResponses.send(ctx, ApiError.rejectedRequest(413)));
      return;
    }
    Reader reader = new Reader(ctx, declared, coding);
    if (declared > 0 && !reader.reserve(declared)) {
      UnreadBody.refuse(
          ctx, drainLimit(), () -> ErrorResponses.send(ctx, ApiError.bodyBufferFull()));
      return;
    }
    ctx.addEndHandler(ignored -> reader.requestOver());
    if (request.version() != HttpVersion.HTTP_1_0
        && request.headers().contains(HttpHeaders.EXPECT, HttpHeaders.CONTINUE, true)) {
      // The key and the sizes are checked: the client may send its body now.
      ctx.response().writeContinue();
    }
    request.handler(reader::append).endHandler(ignored -> reader.end());
    request.exceptionHandler(reader::failed);
  }

  /**
   * How much of a refused body (too large, or no room) is read and dropped before the connection is
   * closed: a client with a valid key may send a whole body anyway, and one a little over the limit
   * should read its 413 rather than a reset; beyond twice the limit, it is closed.
   */
  private long drainLimit() {
    return 2 * maxBytes;
  }

  /** The {@code Content-Encoding} header, its lines joined as one list; null without one. */
  private static @Nullable String contentEncoding(HttpServerRequest request) {
    List<String> values = request.headers().getAll(HttpHeaders.CONTENT_ENCODING);
    if (values.isEmpty()) {
      return null;
    }
    return values.size() == 1 ? values.get(0) : String.join(",", values);
  }

  /** The {@code Content-Length}, or -1 without one (the codec has checked that it is a number). */
  private static long declaredLength(HttpServerRequest request) {
    String header = request.getHeader(HttpHeaders.CONTENT_LENGTH);
    if (header == null) {
      return -1;
    }
    try {
      return Long.parseLong(header.strip());
    } catch (NumberFormatException e) {
      // Netty refuses a malformed length before the request gets here; keep the limit safe anyway.
      return Long.MAX_VALUE;
    }
  }

  /** One body being read; confined to the request's event loop. */
  private final class Reader {

    private final RoutingContext ctx;
    private final long declared;
    private final ContentCoding coding;
    private byte[] bytes = EMPTY;
    private int length;
    private long reserved;
    private boolean done;
    // Set when the request is over (its response ended or its connection closed): an inflation
    // still running is aborted, and gives its reservation back when it returns.
    private boolean over;
    private @Nullable BodyInflation inflation;

    Reader(RoutingContext ctx, long declared, ContentCoding coding) {
      this.ctx = ctx;
      this.declared = declared;
      this.coding = coding;
    }

    boolean reserve(long more) {
      if (!budget.tryReserve(more)) {
        return false;
      }
      reserved += more;
      return true;
    }

    /** The request is over: gives back everything reserved for its body. */
    void requestOver() {
      over = true;
      BodyInflation running = inflation;
      if (running != null) {
        inflation = null;
        running.abort();
      }
      release();
    }

    void release() {
      if (reserved > 0) {
        budget.release(reserved);
        reserved = 0;
      }
    }

    void append(Buffer chunk) {
      if (done) {
        return;
      }
      long needed = (long) length + chunk.length();
      if (needed > maxBytes) {
        refuse(ApiError.rejectedRequest(413));
        return;
      }
      if (needed > bytes.length && !grow((int) needed)) {
        refuse(ApiError.bodyBufferFull());
        return;
      }
      chunk.getBytes(0, chunk.length(), bytes, length);
      length = (int) needed;
    }

    /** Makes room for {@code needed} bytes, reserving what is new; false when it does not fit. */
    private boolean grow(int needed) {
      long capacity;
      if (declared >= needed) {
        capacity = declared;
      } else {
        long doubled = Math.max(INITIAL_CHUNKED_CAPACITY, 2L * bytes.length);
        capacity = Math.min(maxBytes, Math.max(needed, doubled));
      }
      if (capacity > reserved && !reserve(capacity - reserved)) {
        return false;
      }
      bytes = Arrays.copyOf(bytes, (int) capacity);
      return true;
    }

    void end() {
      if (done) {
        return;
      }
      done = true;
      byte[] body = length == bytes.length ? bytes : Arrays.copyOf(bytes, length);
      bytes = EMPTY;
      if (coding == ContentCoding.IDENTITY || body.length == 0) {
        accept(body);
        return;
      }
      // Inflating takes milliseconds per megabyte: on a worker, not this event loop. The
      // compressed bytes stay reserved until the inflated body replaces them; the inflated ones
      // are reserved by the inflation as its buffer grows, and handed over when it returns.
      BodyInflation running = new BodyInflation(coding, body, maxBytes, budget::tryReserve);
      inflation = running;
      ctx.vertx()
          .executeBlocking(running::run, false)
          .onComplete(
              result ->
                  inflated(
                      running,
                      result.succeeded() ? result.result() : null,
                      result.failed() ? result.cause() : null));
    }

    /** Back on the event loop: passes the inflated body on, or refuses the request. */
    private void inflated(
        BodyInflation running, BodyInflation.@Nullable Step step, @Nullable Throwable failure) {
      inflation = null;
      if (over) {
        // The request went away meanwhile; what the inflation reserved is given back here.
        budget.release(running.reserved());
        return;
      }
      reserved += running.reserved();
      if (step instanceof BodyInflation.Step.Done inflated) {
        accept(inflated.body());
        return;
      }
      release();
      ApiError error;
      if (step instanceof BodyInflation.Step.TooLarge) {
        error = ApiError.rejectedRequest(413);
      } else if (step instanceof BodyInflation.Step.NoRoom) {
        error = ApiError.bodyBufferFull();
      } else if (step instanceof BodyInflation.Step.Malformed malformed) {
        error = ApiError.invalidRequest(malformed.message());
      } else {
        // Not aborted (the request is not over), so the inflation failed: a bug.
        String method = ctx.request().method().name();
        String path = String.valueOf(ctx.request().path());
        RequestIdHandler.runWithRequestId(
            ctx,
            () -> log.error("{} {}: inflating the request body failed", method, path, failure));
        error = ApiError.internalError();
      }
      // The whole body has arrived: an ordinary answer, the connection may stay open.
      ErrorResponses.send(ctx, error);
    }

    /**
     * Passes the body on, keeping its bytes reserved and giving the rest of the reservation back.
     */
    private void accept(byte[] body) {
      if (reserved > body.length) {
        budget.release(reserved - body.length);
        reserved = body.length;
      }
      ctx.put(BODY_KEY, body);
      ctx.next();
    }

    void failed(Throwable failure) {
      if (done) {
        return;
      }
      done = true;
      bytes = EMPTY;
      release();
      // The client went away mid-body, or its framing broke (the connection is closed either way):
      // an everyday event, not a server error; one DEBUG line, no stack trace.
      if (!ctx.response().headWritten()) {
        ctx.response().setStatusCode(CLIENT_CLOSED_REQUEST);
      }
      String method = ctx.request().method().name();
      String path = String.valueOf(ctx.request().path());
      @Nullable String reason = failure.getMessage();
      RequestIdHandler.runWithRequestId(
          ctx,
          () ->
              log.debug(
                  "{} {}: request body not received in full ({} bytes read): {}",
                  method,
                  path,
                  length,
                  reason == null ? failure.getClass().getSimpleName() : reason));
    }

    private void refuse(ApiError error) {
      done = true;
      bytes = EMPTY;
      release();
      UnreadBody.refuse(ctx, drainLimit(), () -> ErrorResponses.send(ctx, error));
    }
  }
}
