package io.codexlb.adapter.http;

import static java.util.Objects.requireNonNull;

import io.codexlb.port.in.AuthenticateBearerUseCase;
import io.codexlb.port.in.ListModelsUseCase;
import io.codexlb.port.in.ProxyResponsesUseCase;
import java.time.Clock;

/**
 * What the proxy router serves its data-plane routes with.
 *
 * @param responses serves {@code /v1/responses}, the Codex routes and {@code /v1/chat/completions}
 * @param models serves {@code GET /v1/models} and {@code GET /backend-api/codex/models}
 * @param bearers checks a request's key before its body is read
 * @param maxBodyBytes bodies larger than this are refused with 413
 * @param bodyBudget what all request bodies being read or served may hold together; shared by every
 *     router of the listener (one per event loop)
 * @param clock the arrival time of requests
 */
public record ProxyApi(
    ProxyResponsesUseCase responses,
    ListModelsUseCase models,
    AuthenticateBearerUseCase bearers,
    long maxBodyBytes,
    BodyBudget bodyBudget,
    Clock clock) {

  /** The default body limit: 16 MiB. */
  public static final long DEFAULT_MAX_BODY_BYTES = 16L * 1024 * 1024;

  public ProxyApi {
    requireNonNull(responses, "responses");
    requireNonNull(models, "models");
    requireNonNull(bearers, "bearers");
    requireNonNull(bodyBudget, "bodyBudget");
    requireNonNull(clock, "clock");
    if (maxBodyBytes < 1 || maxBodyBytes > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException(
          "maxBodyBytes: " + maxBodyBytes + " (expected: 1 to " + (Integer.MAX_VALUE - 8) + ")");
    }
  }
}
