package io.codexlb.port.out;

import static java.util.Objects.requireNonNull;

import io.codexlb.domain.account.AccountId;
import io.codexlb.domain.key.ApiKeyId;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One proxied request, as the request log keeps it.
 *
 * @param requestId the request's {@code X-Request-ID}; unique per log
 * @param requestedAt when the request arrived
 * @param apiKeyId the key it authenticated with, if any
 * @param accountId the account that served it, if one was picked
 * @param model the model asked for
 * @param statusCode the HTTP status the client got
 * @param errorCode the error envelope's {@code code}, when it failed
 * @param inputTokens input tokens, cached ones included
 * @param outputTokens output tokens, reasoning ones included
 * @param cachedInputTokens the cached part of the input
 * @param reasoningTokens the reasoning part of the output
 * @param costMicros the cost in micro-dollars
 * @param latencyMillis from arrival to the last byte
 * @param firstTokenMillis from arrival to the first output token, when there was one
 * @param selectMillis the time it took to pick an account
 */
public record RequestLog(
    String requestId,
    Instant requestedAt,
    Optional<ApiKeyId> apiKeyId,
    Optional<AccountId> accountId,
    String model,
    int statusCode,
    Optional<String> errorCode,
    long inputTokens,
    long outputTokens,
    long cachedInputTokens,
    long reasoningTokens,
    long costMicros,
    long latencyMillis,
    OptionalLong firstTokenMillis,
    long selectMillis) {

  public RequestLog {
    requireNonNull(requestId, "requestId");
    requireNonNull(requestedAt, "requestedAt");
    requireNonNull(apiKeyId, "apiKeyId");
    requireNonNull(accountId, "accountId");
    requireNonNull(model, "model");
    requireNonNull(errorCode, "errorCode");
    requireNonNull(firstTokenMillis, "firstTokenMillis");
    if (requestId.isEmpty()) {
      throw new IllegalArgumentException("requestId: empty (expected: the X-Request-ID)");
    }
    if (statusCode < 100 || statusCode > 599) {
      throw new IllegalArgumentException("statusCode: " + statusCode + " (expected: 100-599)");
    }
    if (inputTokens < 0
        || outputTokens < 0
        || cachedInputTokens < 0
        || reasoningTokens < 0
        || costMicros < 0
        || latencyMillis < 0
        || selectMillis < 0) {
      throw new IllegalArgumentException(
          "tokens, cost and latencies: negative in " + requestId + " (expected: >= 0)");
    }
  }
}
