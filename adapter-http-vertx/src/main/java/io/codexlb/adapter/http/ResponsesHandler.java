package io.codexlb.adapter.http;

import io.codexlb.domain.upstream.UpstreamFailure;
import io.codexlb.port.in.ProxyResponsesCommand;
import io.codexlb.port.in.ProxyResponsesResult;
import io.codexlb.port.in.ProxyResponsesUseCase;
import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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

  private final ProxyResponsesUseCase responses;
  private final Clock clock;
  private final Exchange.Reader reader;

  ResponsesHandler(ProxyResponsesUseCase responses, Clock clock) {
    this(responses, clock, Exchange::responses);
  }

  ResponsesHandler(ProxyResponsesUseCase responses, Clock clock, Exchange.Reader reader) {
    this.responses = responses;
    this.clock = clock;
    this.reader = reader;
  }

  @Override
  public void handle(RoutingContext ctx) {
    byte[] body = ctx.body().buffer() == null ? new byte[0] : ctx.body().buffer().getBytes();
    Exchange parsed;
    try {
      parsed = reader.read(body);
    } catch (ResponsesBody.Invalid invalid) {
      ErrorResponses.send(ctx, ApiError.invalidRequest(invalid.getMessage()));
      return;
    }
    ProxyResponsesCommand request =
        new ProxyResponsesCommand(
            RequestIdHandler.requestId(ctx),
            BearerToken.of(ctx.request()),
            parsed.model(),
            parsed.promptCacheKey(),
            parsed.upstreamBody(),
            headers(ctx.request().headers()),
            clock.instant());
    Context context = OnContext.current();
    OnContext.whenDone(
        ctx, context, responses.serve(request), outcome -> answer(ctx, context, parsed, outcome));
  }

  private void answer(
      RoutingContext ctx, Context context, Exchange exchange, ProxyResponsesResult outcome) {
    if (outcome instanceof ProxyResponsesResult.Refused refused) {
      ErrorResponses.send(ctx, ApiError.of(refused.refusal(), clock.instant()));
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
      streaming.events().subscribe(new SseStream(response, context, exchange.frames()));
      return;
    }
    ResponseAggregator aggregator =
        new ResponseAggregator(
            result -> OnContext.run(context, () -> aggregated(ctx, exchange, result)));
    response.closeHandler(ignored -> aggregator.cancel());
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
    ErrorResponses.send(
        ctx,
        ApiError.of(new ProxyResponsesResult.Refusal.UpstreamFailed(failure), clock.instant()));
  }

  private static Map<String, List<String>> headers(MultiMap headers) {
    Map<String, List<String>> copy = new HashMap<>(headers.size() * 2);
    for (Map.Entry<String, String> header : headers) {
      copy.computeIfAbsent(header.getKey(), ignored -> new ArrayList<>(1)).add(header.getValue());
    }
    return copy;
  }
}
