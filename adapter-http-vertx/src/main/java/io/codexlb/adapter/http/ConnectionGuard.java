package io.codexlb.adapter.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.impl.ConnectionBase;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches one HTTP/1.x connection of a listener and closes it when the client is too slow: the
 * request headers, the request body and the idle wait between requests each have a deadline ({@link
 * ConnectionLimits}). It also answers a request whose chunked body cannot be framed with a 400
 * before closing, where Vert.x would drop the connection without a word.
 *
 * <p>It lives in the connection's Netty pipeline, where it sees what Vert.x does not show: the
 * first byte of a request, the end of each request as decoded, and the end of each response as
 * written. Two handlers share its state: one before the decoder (raw bytes in) and one between the
 * codec and Vert.x (decoded requests in, responses out). Everything runs on the connection's event
 * loop, so the state needs no locking. Closing the channel releases what the connection held: the
 * decoder's buffers, and the request, whose body handler sees the connection closed.
 *
 * <p>Everything a slow or misbehaving client causes is logged at DEBUG, in one line.
 */
final class ConnectionGuard {

  private static final Logger log = LoggerFactory.getLogger(ConnectionGuard.class);

  /** Pipeline names of the two handlers. */
  static final String BYTES = "codexlb-bytes";

  static final String MESSAGES = "codexlb-messages";

  private enum Phase {
    /** Connected; no byte of a request yet. */
    CONNECTED,
    /** Between requests on a kept-alive connection. */
    IDLE,
    /** The bytes of a request head are arriving. */
    HEADERS,
    /** The head is decoded; the body is arriving. */
    BODY,
    /** The request is read; its response is not complete yet. */
    ANSWERING
  }

  private final ConnectionLimits limits;
  private final Channel channel;
  private final String remote;
  private Phase phase = Phase.CONNECTED;
  // Requests decoded whose final response has not been written yet (more than one when pipelined).
  private int unanswered;
  private @Nullable ScheduledFuture<?> deadline;
  // The request being read, as the router sees it, and the context it runs on; set by the
  // listener's request handler, so null until Vert.x has dispatched the request.
  private @Nullable HttpServerRequest request;
  private @Nullable Context requestContext;

  private ConnectionGuard(ConnectionLimits limits, Channel channel) {
    this.limits = limits;
    this.channel = channel;
    this.remote = String.valueOf(channel.remoteAddress());
  }

  /**
   * Puts a guard and the {@link StrictRequestDecoder} in the pipeline of a new HTTP/1.x connection.
   * Called from the server's connection handler, which Vert.x runs as it sets the pipeline up and
   * before any request byte is decoded.
   */
  static void install(
      HttpConnection connection, HttpServerOptions options, ConnectionLimits limits) {
    // Vert.x has no public access to the channel; its connections are ConnectionBase instances.
    Channel channel = ((ConnectionBase) connection).channel();
    ChannelPipeline pipeline = channel.pipeline();
    if (pipeline.get("httpDecoder") == null || pipeline.get("httpEncoder") == null) {
      // Not an HTTP/1.x pipeline (the listener does not offer HTTP/2): nothing to guard.
      return;
    }
    ConnectionGuard guard = new ConnectionGuard(limits, channel);
    pipeline.replace("httpDecoder", "httpDecoder", new StrictRequestDecoder(options));
    pipeline.addBefore("httpDecoder", BYTES, guard.new BytesIn());
    pipeline.addAfter("httpEncoder", MESSAGES, guard.new Messages());
    connection.exceptionHandler(guard::exception);
    guard.arm(limits.headerTimeout());
  }

  /** The guard of the connection a request came on; null for a connection without one. */
  static @Nullable ConnectionGuard of(HttpServerRequest request) {
    if (!(request.connection() instanceof ConnectionBase connection)) {
      return null;
    }
    Messages messages = (Messages) connection.channel().pipeline().get(MESSAGES);
    return messages == null ? null : messages.guard();
  }

  /** Called by the listener as it hands {@code request} to the router, on its context. */
  void dispatched(HttpServerRequest request) {
    this.request = request;
    this.requestContext = Vertx.currentContext();
  }

  /**
   * Replaces the deadline. Every change of phase that changes what is awaited re-arms or disarms,
   * so a deadline that fires is the current phase's; the first request's headers keep the deadline
   * armed at connection time.
   */
  private void arm(Duration timeout) {
    disarm();
    deadline = channel.eventLoop().schedule(this::expired, timeout.toNanos(), TimeUnit.NANOSECONDS);
  }

  private void disarm() {
    ScheduledFuture<?> armed = deadline;
    if (armed != null) {
      armed.cancel(false);
      deadline = null;
    }
  }

  private void expired() {
    deadline = null;
    if (!channel.isActive()) {
      return;
    }
    switch (phase) {
      case CONNECTED -> {
        log.debug(
            "connection from {} closed: no request within {}", remote, limits.headerTimeout());
        channel.close();
      }
      case IDLE -> {
        log.debug("connection from {} closed: idle for {}", remote, limits.keepAliveTimeout());
        channel.close();
      }
      case HEADERS -> {
        log.debug(
            "connection from {} closed: request headers not complete within {}",
            remote,
            limits.headerTimeout());
        // No request exists yet for Vert.x to answer: the 408 goes out through the encoder.
        FullHttpResponse timeout =
            rawResponse(HttpResponseStatus.REQUEST_TIMEOUT, ApiError.requestTimeout("headers"));
        channel.writeAndFlush(timeout).addListener(ChannelFutureListener.CLOSE);
      }
      case BODY -> {
        log.debug(
            "connection from {} closed: request body not complete within {}",
            remote,
            limits.bodyTimeout());
        answerAndClose(ApiError.requestTimeout("body"));
      }
      case ANSWERING -> {
        // Never armed while the server answers: how long that takes is not the client's doing.
      }
    }
  }

  /**
   * Answers the request being read with {@code error} through Vert.x, so that the access log and
   * the router see the status, then closes the connection; or just closes it when that is not
   * possible.
   */
  private void answerAndClose(ApiError error) {
    HttpServerRequest current = request;
    Context context = requestContext;
    if (current == null || context == null) {
      channel.close();
      return;
    }
    context.runOnContext(ignored -> ErrorResponses.sendAndClose(current, error));
  }

  private void exception(Throwable failure) {
    // What Vert.x reports on a connection is the client's doing (a reset, a malformed message
    // after the response, a write to a closed socket): worth a line at DEBUG, never a stack trace.
    log.debug("connection from {}: {}", remote, oneLine(failure));
  }

  static String oneLine(Throwable failure) {
    String message = failure.getMessage();
    return failure.getClass().getSimpleName() + (message == null ? "" : ": " + message);
  }

  private FullHttpResponse rawResponse(HttpResponseStatus status, ApiError error) {
    ByteBuf body = Unpooled.wrappedBuffer(ErrorResponses.envelope(error).getBytes());
    FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, body);
    response
        .headers()
        .set(HttpHeaderNames.CONTENT_TYPE, JsonResponses.CONTENT_TYPE)
        .set(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes())
        .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE)
        .set(RequestIds.HEADER, RequestIds.generate());
    return response;
  }

  /** Before the decoder: notices the first byte of the next request on a kept-alive connection. */
  private final class BytesIn extends ChannelInboundHandlerAdapter {
    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      if (phase == Phase.IDLE && msg instanceof ByteBuf bytes && bytes.isReadable()) {
        phase = Phase.HEADERS;
        arm(limits.headerTimeout());
      } else if (phase == Phase.CONNECTED) {
        // The deadline armed at connection time covers the first request's headers.
        phase = Phase.HEADERS;
      }
      ctx.fireChannelRead(msg);
    }
  }

  /** Between the codec and Vert.x: decoded requests in, responses out. */
  private final class Messages extends ChannelDuplexHandler {

    ConnectionGuard guard() {
      return ConnectionGuard.this;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      if (msg instanceof HttpRequest head) {
        unanswered++;
        request = null;
        requestContext = null;
        if (head.decoderResult().isFailure() || msg instanceof LastHttpContent || !hasBody(head)) {
          // A malformed head is answered and the connection closed by Vert.x; a request without
          // a body is complete already.
          phase = Phase.ANSWERING;
          disarm();
        } else {
          phase = Phase.BODY;
          arm(limits.bodyTimeout());
        }
      } else if (msg instanceof HttpContent content) {
        if (content.decoderResult().isFailure()) {
          // Invalid chunk framing: Vert.x would fail the connection without an answer.
          Throwable cause = content.decoderResult().cause();
          ReferenceCountUtil.release(msg);
          phase = Phase.ANSWERING;
          disarm();
          log.debug("connection from {}: malformed request body: {}", remote, oneLine(cause));
          answerAndClose(ApiError.malformedRequest("Malformed chunked request body"));
          return;
        }
        if (msg instanceof LastHttpContent && phase == Phase.BODY) {
          bodyRead();
        }
      }
      ctx.fireChannelRead(msg);
    }

    /** The body is in: wait for the answer, or for the next request if it was answered already. */
    private void bodyRead() {
      if (unanswered == 0) {
        // Answered before the body was read (a refusal, say): the connection is idle now.
        phase = Phase.IDLE;
        arm(limits.keepAliveTimeout());
      } else {
        phase = Phase.ANSWERING;
        disarm();
      }
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
      boolean finalResponseEnds = msg instanceof LastHttpContent && !informational(msg);
      ctx.write(msg, promise);
      if (finalResponseEnds && unanswered > 0) {
        unanswered--;
        if (unanswered == 0 && phase == Phase.ANSWERING) {
          phase = Phase.IDLE;
          arm(limits.keepAliveTimeout());
        }
      }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      disarm();
      request = null;
      requestContext = null;
      ctx.fireChannelInactive();
    }
  }

  private static boolean hasBody(HttpRequest head) {
    return HttpUtil.isTransferEncodingChunked(head) || HttpUtil.getContentLength(head, 0L) > 0;
  }

  /** A 1xx response, such as {@code 100 Continue}, which another response follows. */
  private static boolean informational(Object msg) {
    return msg instanceof HttpResponse response
        && response.status().codeClass() == HttpStatusClass.INFORMATIONAL;
  }

  @Override
  public String toString() {
    return "ConnectionGuard[" + remote + " " + phase + "]";
  }
}
