package io.codexlb.port.out;

import static java.util.Objects.requireNonNull;

import io.codexlb.domain.account.AccountId;
import io.codexlb.domain.key.ApiKeyId;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Which request logs to read: those with {@code from <= requestedAt < to} matching every filter
 * given, newest first ({@code requestedAt} descending, then {@code requestId} descending), at most
 * {@code limit} of them, after the cursor when one is given.
 *
 * @param from the earliest time, inclusive
 * @param to the latest time, exclusive
 * @param apiKeyId only this key's requests
 * @param accountId only this account's requests
 * @param model only requests for exactly this model
 * @param statusCode only requests answered with this HTTP status
 * @param errorCode only failed requests with exactly this error code
 * @param requestId only requests with exactly this id, the server's own or the client's {@code
 *     X-Request-ID} (an operator holds whichever the response's header showed)
 * @param limit the page size, 1 to {@value #MAX_LIMIT}
 * @param after where the previous page ended
 * @param clientRequestId only requests whose client sent exactly this {@code X-Request-ID}
 */
public record RequestLogQuery(
    Instant from,
    Instant to,
    Optional<ApiKeyId> apiKeyId,
    Optional<AccountId> accountId,
    Optional<String> model,
    OptionalInt statusCode,
    Optional<String> errorCode,
    Optional<String> requestId,
    int limit,
    Optional<RequestLogCursor> after,
    Optional<String> clientRequestId) {

  /** The largest page. */
  public static final int MAX_LIMIT = 1_000;

  public RequestLogQuery {
    requireNonNull(from, "from");
    requireNonNull(to, "to");
    requireNonNull(apiKeyId, "apiKeyId");
    requireNonNull(accountId, "accountId");
    requireNonNull(model, "model");
    requireNonNull(statusCode, "statusCode");
    requireNonNull(errorCode, "errorCode");
    requireNonNull(requestId, "requestId");
    requireNonNull(after, "after");
    requireNonNull(clientRequestId, "clientRequestId");
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new IllegalArgumentException("limit: " + limit + " (expected: 1-" + MAX_LIMIT + ")");
    }
    if (to.isBefore(from)) {
      throw new IllegalArgumentException("to: " + to + " (expected: not before from " + from + ")");
    }
  }

  /** The query without a client request id filter. */
  public RequestLogQuery(
      Instant from,
      Instant to,
      Optional<ApiKeyId> apiKeyId,
      Optional<AccountId> accountId,
      Optional<String> model,
      OptionalInt statusCode,
      Optional<String> errorCode,
      Optional<String> requestId,
      int limit,
      Optional<RequestLogCursor> after) {
    this(
        from,
        to,
        apiKeyId,
        accountId,
        model,
        statusCode,
        errorCode,
        requestId,
        limit,
        after,
        Optional.empty());
  }

  /** Every request in {@code [from, to)}, {@code limit} at a time. */
  public static RequestLogQuery between(Instant from, Instant to, int limit) {
    return new RequestLogQuery(
        from,
        to,
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        OptionalInt.empty(),
        Optional.empty(),
        Optional.empty(),
        limit,
        Optional.empty(),
        Optional.empty());
  }

  /** This query for one key. */
  public RequestLogQuery forKey(ApiKeyId id) {
    return new RequestLogQuery(
        from,
        to,
        Optional.of(id),
        accountId,
        model,
        statusCode,
        errorCode,
        requestId,
        limit,
        after,
        clientRequestId);
  }

  /** This query for one account. */
  public RequestLogQuery forAccount(AccountId id) {
    return new RequestLogQuery(
        from,
        to,
        apiKeyId,
        Optional.of(id),
        model,
        statusCode,
        errorCode,
        requestId,
        limit,
        after,
        clientRequestId);
  }

  /** This query for one model. */
  public RequestLogQuery forModel(String name) {
    return new RequestLogQuery(
        from,
        to,
        apiKeyId,
        accountId,
        Optional.of(name),
        statusCode,
        errorCode,
        requestId,
        limit,
        after,
        clientRequestId);
  }

  /** This query for one HTTP status. */
  public RequestLogQuery withStatus(int code) {
    return new RequestLogQuery(
        from,
        to,
        apiKeyId,
        accountId,
        model,
        OptionalInt.of(code),
        errorCode,
        requestId,
        limit,
        after,
        clientRequestId);
  }

  /** This query for one error code. */
  public RequestLogQuery withErrorCode(String code) {
    return new RequestLogQuery(
        from,
        to,
        apiKeyId,
        accountId,
        model,
        statusCode,
        Optional.of(code),
        requestId,
        limit,
        after,
        clientRequestId);
  }

  /** This query for one request id, the server's or the client's. */
  public RequestLogQuery withRequestId(String id) {
    return new RequestLogQuery(
        from,
        to,
        apiKeyId,
        accountId,
        model,
        statusCode,
        errorCode,
        Optional.of(id),
        limit,
        after,
        clientRequestId);
  }

  /** This query for the requests whose client sent {@code id} as its {@code X-Request-ID}. */
  public RequestLogQuery withClientRequestId(String id) {
    return new RequestLogQuery(
        from,
        to,
        apiKeyId,
        accountId,
        model,
        statusCode,
        errorCode,
        requestId,
        limit,
        after,
        Optional.of(id));
  }

  /** The next page, after {@code cursor}. */
  public RequestLogQuery after(RequestLogCursor cursor) {
    return new RequestLogQuery(
        from,
        to,
        apiKeyId,
        accountId,
        model,
        statusCode,
        errorCode,
        requestId,
        limit,
        Optional.of(cursor),
        clientRequestId);
  }
}
