package io.codexlb.port.in;

import static java.util.Objects.requireNonNull;

import io.codexlb.domain.sticky.StickyKey;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.jspecify.annotations.Nullable;

/**
 * One Responses request as the HTTP adapter read it: what the proxy must know (key, model, session)
 * picked out, and the body and headers kept whole to forward.
 *
 * @param requestId the server's own id of the request (fresh and unique), sent upstream and the key
 *     of its request log
 * @param bearer the {@code Authorization: Bearer} value, empty when the request had none
 * @param model the body's {@code model}, at most {@value #MAX_MODEL_LENGTH} characters
 * @param promptCacheKey the body's {@code prompt_cache_key}, the sticky session key when present;
 *     at most {@value #MAX_SESSION_KEY_LENGTH} characters
 * @param body the client's JSON body, UTF-8, forwarded as it is (the upstream adapter normalizes)
 * @param headers the client's headers, names in any case
 * @param receivedAt when the request arrived, for limits, latencies and the request log
 * @param clientRequestId the client's own {@code X-Request-ID} when it sent a sane one (at most
 *     {@value io.codexlb.port.out.RequestLog#MAX_REQUEST_ID_LENGTH} characters), logged beside
 *     {@code requestId}
 * @param streamed whether the client takes the answer as a stream, each event as it comes; {@code
 *     false} when it gets one object at the end, so that nothing reaches it before the end
 * @param clientGone completes (on any thread) when the client goes away before its answer ended:
 *     the data plane then stops wherever the request is (picking, waiting for upstream's headers,
 *     streaming), cancels the upstream exchange and settles the request. Never completes for a
 *     client that got its whole answer. Framework-free, so that the HTTP adapter can complete it
 *     from its connection's close
 * @param firstBytesDue completes when a streaming client should get its first bytes (it has waited
 *     a keep-alive period): the first events, held back until one carries content so that a failure
 *     can still fail over, are committed then (or at upstream's first event, if none came yet), so
 *     that the adapter can start the response and keep it alive while upstream is silent. Failover
 *     ends there
 */
public record ProxyResponsesCommand(
    String requestId,
    Optional<String> bearer,
    String model,
    Optional<String> promptCacheKey,
    byte[] body,
    Map<String, List<String>> headers,
    Instant receivedAt,
    Optional<String> clientRequestId,
    boolean streamed,
    CompletionStage<Void> clientGone,
    CompletionStage<Void> firstBytesDue) {

  /**
   * The longest {@code model} served, in characters: model ids are short, and the model is kept in
   * every request log, so a client must not choose its size. The HTTP layer answers a longer one
   * with 400 before it gets here.
   */
  public static final int MAX_MODEL_LENGTH = 128;

  /**
   * The longest session key ({@code prompt_cache_key}, or a session header) served, in characters:
   * the longest sticky key kept ({@link StickyKey#MAX_LENGTH}).
   */
  public static final int MAX_SESSION_KEY_LENGTH = StickyKey.MAX_LENGTH;

  public ProxyResponsesCommand {
    requireNonNull(requestId, "requestId");
    requireNonNull(bearer, "bearer");
    requireNonNull(model, "model");
    requireNonNull(promptCacheKey, "promptCacheKey");
    if (model.length() > MAX_MODEL_LENGTH) {
      throw new IllegalArgumentException(
          "model: " + model.length() + " characters (expected: at most " + MAX_MODEL_LENGTH + ")");
    }
    if (promptCacheKey.isPresent() && promptCacheKey.get().length() > MAX_SESSION_KEY_LENGTH) {
      throw new IllegalArgumentException(
          "promptCacheKey: "
              + promptCacheKey.get().length()
              + " characters (expected: at most "
              + MAX_SESSION_KEY_LENGTH
              + ")");
    }
    requireNonNull(body, "body");
    requireNonNull(headers, "headers");
    requireNonNull(receivedAt, "receivedAt");
    requireNonNull(clientRequestId, "clientRequestId");
    requireNonNull(clientGone, "clientGone");
    requireNonNull(firstBytesDue, "firstBytesDue");
    TreeMap<String, List<String>> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    headers.forEach((name, values) -> copy.put(name, List.copyOf(values)));
    headers = Collections.unmodifiableMap(copy);
  }

  /**
   * A streamed request without a (sane) client {@code X-Request-ID}, whose client never goes away
   * and waits as long as it takes for its first bytes (tests, callers without a connection).
   */
  public ProxyResponsesCommand(
      String requestId,
      Optional<String> bearer,
      String model,
      Optional<String> promptCacheKey,
      byte[] body,
      Map<String, List<String>> headers,
      Instant receivedAt) {
    this(
        requestId,
        bearer,
        model,
        promptCacheKey,
        body,
        headers,
        receivedAt,
        Optional.empty(),
        true,
        new CompletableFuture<>(),
        new CompletableFuture<>());
  }

  /** The first value of a header, or {@code null}; names in any case. */
  public @Nullable String header(String name) {
    List<String> values = headers.get(name);
    return values == null || values.isEmpty() ? null : values.get(0);
  }

  /** Never the key, never the body. */
  @Override
  public String toString() {
    return "ProxyResponsesCommand["
        + requestId
        + ", model="
        + model
        + ", "
        + body.length
        + " body bytes]";
  }
}
