package io.codexlb.adapter.http;

import static java.util.Objects.requireNonNull;

import io.codexlb.port.in.ListModelsResult;
import io.codexlb.port.in.ListModelsUseCase;
import io.codexlb.port.in.ProxyResponsesUseCase;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;

/**
 * What the proxy router serves its data-plane routes with.
 *
 * @param responses serves {@code /v1/responses} and the Codex route
 * @param models serves {@code GET /v1/models} and {@code GET /backend-api/codex/models}
 * @param maxBodyBytes bodies larger than this are refused with 413
 * @param clock the arrival time of requests
 */
public record ProxyApi(
    ProxyResponsesUseCase responses, ListModelsUseCase models, long maxBodyBytes, Clock clock) {

  /** The default body limit: 16 MiB. */
  public static final long DEFAULT_MAX_BODY_BYTES = 16L * 1024 * 1024;

  public ProxyApi {
    requireNonNull(responses, "responses");
    requireNonNull(models, "models");
    requireNonNull(clock, "clock");
    if (maxBodyBytes < 1) {
      throw new IllegalArgumentException("maxBodyBytes: " + maxBodyBytes + " (expected: >= 1)");
    }
  }

  /** Without a model list yet: the models routes answer 503 {@code service_unavailable}. */
  public ProxyApi(ProxyResponsesUseCase responses, long maxBodyBytes, Clock clock) {
    this(
        responses,
        query ->
            CompletableFuture.completedFuture(
                new ListModelsResult.NotReady("the model list is not configured")),
        maxBodyBytes,
        clock);
  }
}
