package io.codexlb.adapter.http;

import static java.util.concurrent.TimeUnit.SECONDS;

import io.codexlb.domain.health.ReadinessReport;
import io.codexlb.port.in.AuthenticateBearerResult;
import io.codexlb.port.in.ListModelsResult;
import io.codexlb.port.in.ListModelsUseCase;
import io.codexlb.port.in.ProxyResponsesResult;
import io.codexlb.port.in.ProxyResponsesResult.Refusal;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** Proxy APIs for tests of the routers that do not exercise the data plane. */
final class TestProxy {

  private TestProxy() {}

  /** A data plane that is never ready. */
  static ProxyApi notReady() {
    return new ProxyApi(
        request ->
            CompletableFuture.completedFuture(
                new ProxyResponsesResult.Refused(new Refusal.NotReady("not in this test"))),
        query ->
            CompletableFuture.completedFuture(
                new ListModelsResult.NotReady("the model list is not configured")),
        query -> new AuthenticateBearerResult.NotReady("not in this test"),
        ProxyApi.DEFAULT_MAX_BODY_BYTES,
        new BodyBudget(4 * ProxyApi.DEFAULT_MAX_BODY_BYTES),
        Clock.systemUTC());
  }

  /**
   * A data plane whose Responses routes are never ready, and whose models routes ask {@code
   * models}.
   */
  static ProxyApi withModels(ListModelsUseCase models) {
    ProxyApi notReady = notReady();
    return new ProxyApi(
        notReady.responses(),
        models,
        notReady.bearers(),
        notReady.maxBodyBytes(),
        notReady.bodyBudget(),
        notReady.clock());
  }

  /** A proxy listener on a free port of 127.0.0.1, one event loop, serving {@code proxy}. */
  static HttpListener listen(Vertx vertx, ProxyApi proxy) throws Exception {
    return HttpListener.start(
            vertx,
            "proxy",
            "127.0.0.1",
            0,
            1,
            v ->
                HttpApi.proxyRouter(
                    v,
                    () -> CompletableFuture.completedFuture(ReadinessReport.of(Map.of())),
                    proxy))
        .await(10, SECONDS);
  }
}
