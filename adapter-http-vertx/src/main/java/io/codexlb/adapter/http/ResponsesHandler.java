package io.codexlb.adapter.http;

import io.codexlb.domain.upstream.UpstreamFailure;
import io.codexlb.port.in.ProxyResponsesCommand;
import io.codexlb.port.in.ProxyResponsesResult;
import io.codexlb.port.in.ProxyResponsesResult.Refusal;
import io.codexlb.port.in.ProxyResponsesUseCase;
import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /v1/responses} and the Codex routes (and, with another {@link Exchange.Reader},
 * {@code POST /v1/chat/completions}): reads what the proxy needs out of the body, hands the request
 * to the data plane, and answers with its outcome: an error envelope, a stream of server-sent
 * events, or (for {@code stream} false or absent) one JSON object.
 */
final class ResponsesHandler implements Handler<RoutingContext> {

  private static final Logger log = LoggerFactory.getLogger(ResponsesHandler.class);

  /** The session headers Codex and other clients name their session with. */
  private static final List<String> SESSION_ID_HEADERS = List.of("session_id", "session-id");

  private final ProxyResponsesUseCase responses;
  private final Clock clock;
  private final Exchange.Reader reader;
  private final Duration keepAlive;

  ResponsesHandler(ProxyResponsesUseCase responses, Clock clock) {
    this(responses, clock, Exchange::responses);
  }

  ResponsesHandler(ProxyResponsesUseCase responses, Clock clock, Exchange.Reader reader) {
    this(responses, clock, reader, SseStream.DEFAULT_KEEPALIVE);
  }

  /**
   * @param keepAlive how long a streaming client may be sent nothing before it gets an SSE comment
   */
  ResponsesHandler(
      ProxyResponsesUseCase responses, Clock clock, Exchange.Reader reader, Duration keepAlive) {
    this.responses = responses;
    this.clock = clock;
    this.reader = reader;
    this.keepAlive = keepAlive;
  }

  @Override
  public void handle(RoutingContext ctx) {
    byte[] body = BoundedBodyHandler.body(ctx);
    Exchange parsed;
    try {
      parsed = reader.read(body);
      checkSessionHeaders(ctx.request().headers());
    } catch (ResponsesBody.Invalid invalid) {
      ErrorResponses.send(ctx, ApiError.invalidRequest(invalid.getMessage()));
      return;
    }
    CompletableFuture<Void> clientGone = clientGone(ctx);
    Context context = OnContext.current();
    // A streaming client that has waited a keep-alive period gets its response started: the data
    // plane stops holding back the first events, and the stream's keep-alive takes over from there.
    CompletableFuture<Void> firstBytesDue = new CompletableFuture<>();
    long firstBytesTimer =
        parsed.stream()
            ? context
                .owner()
                .setTimer(
                    Math.max(1, keepAlive.toMillis()), ignored -> firstBytesDue.complete(null))
            : -1;
    ProxyResponsesCommand request =
        new ProxyResponsesCommand(
            RequestIdHandler.requestId(ctx),
            BearerToken.of(ctx.request()),
            parsed.model(),
            parsed.promptCacheKey(),
            parsed.upstreamBody(),
            headers(ctx.request().headers()),
            clock.instant(),
            RequestIdHandler.clientRequestId(ctx),
            parsed.stream(),
            clientGone,
            firstBytesDue);
    OnContext.whenDone(
        ctx,
        context,
        responses.serve(request),
        outcome -> {
          if (firstBytesTimer != -1) {
            context.owner().cancelTimer(firstBytesTimer);
          }
          answer(ctx, context, parsed, outcome, clientGone);
        });
  }

  /**
   * Completes when the client goes away before its response ended, from the moment the request is
   * handed to the data plane: through the router's end handlers, not the response's one close
   * handler, which the router's own (the access log, the body budget) need. A client already gone
   * (while its body was read) is gone at once.
   */
  private static CompletableFuture<Void> clientGone(RoutingContext ctx) {
    CompletableFuture<Void> gone = new CompletableFuture<>();
    ctx.addEndHandler(
        ended -> {
          if (ended.failed()) {
            gone.complete(null);
          }
        });
    if (ctx.response().closed()) {
      gone.complete(null);
    }
    return gone;
  }

  private void answer(
      RoutingContext ctx,
      Context context,
      Exchange exchange,
      ProxyResponsesResult outcome,
      CompletableFuture<Void> clientGone) {
    if (outcome instanceof ProxyResponsesResult.Refused refused) {
      if (refused.refusal() instanceof Refusal.ClientGone) {
        return; // nobody to answer: the data plane has settled and logged it
      }
      if (refused.refusal() instanceof Refusal.InvalidKey invalidKey) {
        // The key was accepted before the body was read, and has since been deleted or disabled.
        ErrorResponses.sendInvalidKey(ctx, invalidKey.validation());
      } else {
        ErrorResponses.send(ctx, ApiError.of(refused.refusal(), clock.instant()));
      }
      return;
    }
    ProxyResponsesResult.Streaming streaming = (ProxyResponsesResult.Streaming) outcome;
    HttpServerResponse response = ctx.response();
    if (exchange.stream()) {
      streaming.headersForClient().forEach(response::putHeader);
      response
          .setStatusCode(200)
          .setChunked(true)
          .putHeader("Content-Type", "text/event-stream; charset=utf-8")
          .putHeader("Cache-Control", "no-cache");
      SseStream sse = new SseStream(response, context, exchange.frames(), keepAlive);
      // Runs at once when the client left while the outcome was on its way.
      clientGone.thenRun(sse::clientGone);
      streaming.events().subscribe(sse);
      return;
    }
    ResponseAggregator aggregator =
        new ResponseAggregator(
            result -> OnContext.run(context, () -> aggregated(ctx, exchange, result)));
    clientGone.thenRun(aggregator::cancel);
    streaming.events().subscribe(aggregator);
  }

  private void aggregated(RoutingContext ctx, Exchange exchange, ResponseAggregator.Result result) {
    if (result instanceof ResponseAggregator.Result.Answer answer) {
      if (!ctx.response().closed()) {
        JsonResponses.send(
            ctx.response(), 200, JsonResponses.encode(exchange.answer().apply(answer.response())));
      }
      return;
    }
    UpstreamFailure failure = ((ResponseAggregator.Result.Failure) result).failure();
    RequestIdHandler.runWithRequestId(
        ctx,
        () -> log.info("response failed upstream: {} ({})", failure.code(), failure.message()));
    ErrorResponses.send(ctx, ApiError.of(new Refusal.UpstreamFailed(failure), clock.instant()));
  }

  /**
   * Refuses a session header the proxy would keep as a sticky key but that is longer than {@link
   * ProxyResponsesCommand#MAX_SESSION_KEY_LENGTH}. {@code x-codex-turn-state} is upstream's opaque
   * token, echoed by Codex: one too long to be a sticky key is forwarded and not used as one.
   */
  static void checkSessionHeaders(MultiMap headers) throws ResponsesBody.Invalid {
    for (String name : SESSION_ID_HEADERS) {
      String value = headers.get(name);
      if (value != null && value.strip().length() > ProxyResponsesCommand.MAX_SESSION_KEY_LENGTH) {
        throw new ResponsesBody.Invalid(
            "Invalid header "
                + name
                + ": longer than "
                + ProxyResponsesCommand.MAX_SESSION_KEY_LENGTH
                + " characters");
      }
    }
  }

  private static Map<String, List<String>> headers(MultiMap headers) {
    Map<String, List<String>> copy = new HashMap<>(headers.size() * 2);
    for (Map.Entry<String, String> header : headers) {
      copy.computeIfAbsent(header.getKey(), ignored -> new ArrayList<>(1)).add(header.getValue());
    }
    return copy;
  }
}
