package io.codexlb.port.in;

import static java.util.Objects.requireNonNull;

import io.codexlb.domain.account.AccountId;
import io.codexlb.domain.key.ApiKeyId;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One page of request logs.
 *
 * @param entries newest first
 * @param next where the next page starts; empty on the last page
 */
public record RequestLogsResult(List<Entry> entries, Optional<RequestLogsQuery.Cursor> next) {

  public RequestLogsResult {
    entries = List.copyOf(requireNonNull(entries, "entries"));
    requireNonNull(next, "next");
  }

  /**
   * One proxied request, as logged; it holds no secret (no key, no body).
   *
   * @param requestId its {@code X-Request-ID}
   * @param requestedAt when it arrived
   * @param apiKeyId the key it authenticated with
   * @param accountId the account that served it
   * @param model the model asked for
   * @param statusCode the HTTP status the client got
   * @param errorCode the error code, when it failed
   * @param inputTokens input tokens, cached ones included
   * @param outputTokens output tokens, reasoning ones included
   * @param cachedInputTokens the cached part of the input
   * @param reasoningTokens the reasoning part of the output
   * @param costMicros cost in micro-dollars
   * @param latencyMillis from arrival to the last byte
   * @param firstTokenMillis from arrival to the first output token
   * @param selectMillis time to pick an account
   */
  public record Entry(
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

    public Entry {
      requireNonNull(requestId, "requestId");
      requireNonNull(requestedAt, "requestedAt");
      requireNonNull(apiKeyId, "apiKeyId");
      requireNonNull(accountId, "accountId");
      requireNonNull(model, "model");
      requireNonNull(errorCode, "errorCode");
      requireNonNull(firstTokenMillis, "firstTokenMillis");
    }
  }
}
