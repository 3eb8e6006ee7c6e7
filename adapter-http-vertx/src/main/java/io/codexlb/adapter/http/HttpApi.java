package io.codexlb.adapter.http;

import static java.util.Objects.requireNonNull;

import io.codexlb.port.in.CheckReadinessUseCase;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;

/**
 * The routers of the two HTTP listeners. Every router gives each request an id and an access-log
 * line, answers {@code GET /health} and {@code GET /health/ready}, and answers every error with the
 * OpenAI error envelope.
 *
 * <p>Routes that read a request body check the request's key first ({@link KeyFirstHandler}: 401
 * before a byte of the body is read), then read it within its size limit and the listener's {@link
 * BodyBudget} ({@link BoundedBodyHandler}: 413, or 503 when the budget is used up), inflating a
 * gzip, deflate or zstd body within the same limit.
 */
public final class HttpApi {

  private HttpApi() {}

  /** The paths of the Responses API: OpenAI's, and Codex's with and without its {@code /v1}. */
  public static final List<String> RESPONSES_PATHS =
      List.of("/v1/responses", "/backend-api/codex/responses", "/backend-api/codex/v1/responses");

  /**
   * The compact routes: a conversation compacted by upstream ({@link CompactExchange}), answered
   * with one JSON object. Codex CLI calls {@code {base_url}/responses/compact}.
   */
  public static final List<String> COMPACT_PATHS =
      List.of(
          "/v1/responses/compact",
          "/backend-api/codex/responses/compact",
          "/backend-api/codex/v1/responses/compact");

  /** OpenAI's Chat Completions, translated to and from the Responses data plane. */
  public static final String CHAT_COMPLETIONS_PATH = "/v1/chat/completions";

  /**
   * The router of the proxy API (port 2455 by default), which OpenAI clients and Codex call.
   *
   * @param vertx the Vert.x instance of the verticle that serves the router
   * @param readiness behind {@code GET /health/ready}
   * @param proxy the data plane behind the Responses and Chat Completions routes
   */
  public static Router proxyRouter(Vertx vertx, CheckReadinessUseCase readiness, ProxyApi proxy) {
    return proxyRouter(vertx, ServerHealth.of(requireNonNull(readiness, "readiness")), proxy);
  }

  /**
   * The router of the proxy API, with the health every router of the process shares.
   *
   * @see #proxyRouter(Vertx, CheckReadinessUseCase, ProxyApi)
   */
  public static Router proxyRouter(Vertx vertx, ServerHealth health, ProxyApi proxy) {
    requireNonNull(proxy, "proxy");
    Router router = baseRouter(vertx, health);
    ModelsHandler.install(router, proxy.models(), proxy.clock());
    KeyUsageHandler.install(router, proxy.usage(), proxy.clock());
    // The key first, then the body: a request without a valid key gets its 401 before a byte of
    // its body is read, and the body is never stored.
    KeyFirstHandler key = new KeyFirstHandler(proxy.bearers(), proxy.clock());
    BoundedBodyHandler body = new BoundedBodyHandler(proxy.maxBodyBytes(), proxy.bodyBudget());
    ResponsesHandler responses =
        new ResponsesHandler(
            proxy.responses(), proxy.clock(), Exchange::responses, proxy.streamKeepAlive());
    for (String path : RESPONSES_PATHS) {
      router.post(path).handler(key).handler(body).handler(responses);
    }
    ResponsesHandler compact =
        new ResponsesHandler(proxy.responses(), proxy.clock(), CompactExchange::read);
    for (String path : COMPACT_PATHS) {
      router.post(path).handler(key).handler(body).handler(compact);
    }
    router
        .post(CHAT_COMPLETIONS_PATH)
        .handler(key)
        .handler(body)
        .handler(
            new ResponsesHandler(
                proxy.responses(),
                proxy.clock(),
                new ChatCompletionsExchange(proxy.clock()),
                proxy.streamKeepAlive()));
    return router;
  }

  /**
   * A handler that reads a request's body within {@code maxBytes} (413 past it) and the listener's
   * {@code budget} (503 when it is used up), for routers assembled outside this package.
   */
  public static Handler<RoutingContext> boundedBody(long maxBytes, BodyBudget budget) {
    return new BoundedBodyHandler(maxBytes, budget);
  }

  /**
   * What every router starts with. Routes added to the result afterwards get request ids, access
   * logging and error envelopes too.
   */
  public static Router baseRouter(Vertx vertx, CheckReadinessUseCase readiness) {
    return baseRouter(vertx, ServerHealth.of(requireNonNull(readiness, "readiness")));
  }

  /**
   * What every router starts with, with the health every router of the process shares.
   *
   * @see #baseRouter(Vertx, CheckReadinessUseCase)
   */
  public static Router baseRouter(Vertx vertx, ServerHealth health) {
    requireNonNull(vertx, "vertx");
    requireNonNull(health, "health");
    Router router = Router.router(vertx);
    // Order matters: the id first, so that everything after it, the access log included, has it.
    router.route().handler(new RequestIdHandler());
    router.route().handler(new AccessLogHandler(HealthHandlers.PATHS));
    ErrorResponses.install(router);
    HealthHandlers.install(router, health);
    return router;
  }
}
