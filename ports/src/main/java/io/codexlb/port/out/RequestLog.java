package io.codexlb.port.out;

import static java.util.Objects.requireNonNull;

import io.codexlb.domain.account.AccountId;
import io.codexlb.domain.key.ApiKeyId;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One proxied request, as the request log keeps it. Its size is bounded whatever the client sent:
 * the text fields are cut to {@value #MAX_MODEL_LENGTH} characters (the model) and {@value
 * #MAX_ERROR_CODE_LENGTH} (the error code, which may come from upstream), and the request id is at
 * most {@value #MAX_REQUEST_ID_LENGTH} characters (the HTTP layer's bound), so one entry holds at
 * most about a kilobyte of text.
 *
 * @param requestId the server's own id of the request, generated for every request whatever the
 *     client sent; unique per log; at most {@value #MAX_REQUEST_ID_LENGTH} characters
 * @param requestedAt when the request arrived
 * @param apiKeyId the key it authenticated with, if any
 * @param accountId the account that served it, if one was picked
 * @param model the model asked for; cut to {@value #MAX_MODEL_LENGTH} characters
 * @param statusCode the HTTP status the client got
 * @param errorCode the error envelope's {@code code}, when it failed; cut to {@value
 *     #MAX_ERROR_CODE_LENGTH} characters
 * @param inputTokens input tokens, cached ones included
 * @param outputTokens output tokens, reasoning ones included
 * @param cachedInputTokens the cached part of the input
 * @param reasoningTokens the reasoning part of the output
 * @param costMicros the cost in micro-dollars
 * @param latencyMillis from arrival to the last byte
 * @param firstTokenMillis from arrival to the first output token, when there was one
 * @param selectMillis the time it took to pick an account
 * @param clientRequestId the client's own {@code X-Request-ID}, when it sent a sane one; clients
 *     may reuse one for many requests, so it is not unique; at most {@value #MAX_REQUEST_ID_LENGTH}
 *     characters
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
    long selectMillis,
    Optional<String> clientRequestId) {

  /**
   * The longest model kept, in characters; the proxy refuses longer ones (with 400) before they get
   * here, so this only bounds what other writers or older rows hold.
   */
  public static final int MAX_MODEL_LENGTH = 128;

  /** The longest request id accepted, in characters: the HTTP layer replaces longer ones. */
  public static final int MAX_REQUEST_ID_LENGTH = 128;

  /** The longest error code kept, in characters: upstream's codes are not the proxy's to size. */
  public static final int MAX_ERROR_CODE_LENGTH = 64;

  public RequestLog {
    requireNonNull(requestId, "requestId");
    requireNonNull(requestedAt, "requestedAt");
    requireNonNull(apiKeyId, "apiKeyId");
    requireNonNull(accountId, "accountId");
    requireNonNull(model, "model");
    requireNonNull(errorCode, "errorCode");
    model = cut(model, MAX_MODEL_LENGTH);
    errorCode = errorCode.map(code -> cut(code, MAX_ERROR_CODE_LENGTH));
    requireNonNull(firstTokenMillis, "firstTokenMillis");
    requireNonNull(clientRequestId, "clientRequestId");
    if (clientRequestId.isPresent()
        && (clientRequestId.get().isEmpty()
            || clientRequestId.get().length() > MAX_REQUEST_ID_LENGTH)) {
      throw new IllegalArgumentException(
          "clientRequestId: "
              + clientRequestId.get().length()
              + " characters (expected: 1 to "
              + MAX_REQUEST_ID_LENGTH
              + ")");
    }
    if (requestId.isEmpty() || requestId.length() > MAX_REQUEST_ID_LENGTH) {
      throw new IllegalArgumentException(
          "requestId: "
              + requestId.length()
              + " characters (expected: the server's request id, 1 to "
              + MAX_REQUEST_ID_LENGTH
              + ")");
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

  /** A log without a client request id: the client sent no (sane) {@code X-Request-ID}. */
  public RequestLog(
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
    this(
        requestId,
        requestedAt,
        apiKeyId,
        accountId,
        model,
        statusCode,
        errorCode,
        inputTokens,
        outputTokens,
        cachedInputTokens,
        reasoningTokens,
        costMicros,
        latencyMillis,
        firstTokenMillis,
        selectMillis,
        Optional.empty());
  }

  /** This log with the client's own request id. */
  public RequestLog withClientRequestId(String clientId) {
    return new RequestLog(
        requestId,
        requestedAt,
        apiKeyId,
        accountId,
        model,
        statusCode,
        errorCode,
        inputTokens,
        outputTokens,
        cachedInputTokens,
        reasoningTokens,
        costMicros,
        latencyMillis,
        firstTokenMillis,
        selectMillis,
        Optional.of(clientId));
  }

  private static String cut(String text, int max) {
    if (text.length() <= max) {
      return text;
    }
    // Never split a surrogate pair: the store keeps valid UTF-8.
    int end = Character.isHighSurrogate(text.charAt(max - 1)) ? max - 1 : max;
    return text.substring(0, end);
  }
}
