package io.codexlb.port.in;

import static java.util.Objects.requireNonNull;

import io.codexlb.domain.account.AccountId;
import io.codexlb.domain.key.ApiKeyId;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Which request logs to list ({@code GET /api/request-logs}): those with {@code from <=
 * requested_at < to} matching every filter given, newest first, {@code limit} at a time, after
 * {@code after}.
 *
 * @param from earliest, inclusive
 * @param to latest, exclusive; not before {@code from}
 * @param apiKeyId only this key's requests
 * @param accountId only this account's requests
 * @param model only this model
 * @param statusCode only this HTTP status
 * @param errorCode only this error code
 * @param requestId only this request id
 * @param limit the page size, 1 to {@value #MAX_LIMIT}
 * @param after where the previous page ended
 */
public record RequestLogsQuery(
    Instant from,
    Instant to,
    Optional<ApiKeyId> apiKeyId,
    Optional<AccountId> accountId,
    Optional<String> model,
    OptionalInt statusCode,
    Optional<String> errorCode,
    Optional<String> requestId,
    int limit,
    Optional<Cursor> after) {

  /** The largest page. */
  public static final int MAX_LIMIT = 1_000;

  public RequestLogsQuery {
    requireNonNull(from, "from");
    requireNonNull(to, "to");
    requireNonNull(apiKeyId, "apiKeyId");
    requireNonNull(accountId, "accountId");
    requireNonNull(model, "model");
    requireNonNull(statusCode, "statusCode");
    requireNonNull(errorCode, "errorCode");
    requireNonNull(requestId, "requestId");
    requireNonNull(after, "after");
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new IllegalArgumentException("limit: " + limit + " (expected: 1-" + MAX_LIMIT + ")");
    }
    if (to.isBefore(from)) {
      throw new IllegalArgumentException("to: " + to + " (expected: not before from " + from + ")");
    }
  }

  /**
   * Where a page ended: its last entry's time and id.
   *
   * @param requestedAt the last entry's time
   * @param requestId the last entry's id
   */
  public record Cursor(Instant requestedAt, String requestId) {
    public Cursor {
      requireNonNull(requestedAt, "requestedAt");
      requireNonNull(requestId, "requestId");
    }
  }
}
