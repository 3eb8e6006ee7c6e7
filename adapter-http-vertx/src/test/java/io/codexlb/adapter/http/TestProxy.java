package io.codexlb.adapter.http;

import io.codexlb.port.in.ListModelsUseCase;
import io.codexlb.port.in.ProxyResponsesResult;
import io.codexlb.port.in.ProxyResponsesResult.Refusal;
import java.time.Clock;
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
        ProxyApi.DEFAULT_MAX_BODY_BYTES,
        Clock.systemUTC());
  }

  /**
   * A data plane whose Responses routes are never ready, and whose models routes ask {@code
   * models}.
   */
  static ProxyApi withModels(ListModelsUseCase models) {
    ProxyApi notReady = notReady();
    return new ProxyApi(notReady.responses(), models, notReady.maxBodyBytes(), notReady.clock());
  }
}
