package io.codexlb.adapter.http.chat;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * A chat request translated for the Responses data plane.
 *
 * @param model the model asked for
 * @param stream whether the client asked for server-sent events
 * @param includeUsage whether a streaming client asked for the usage chunk ({@code
 *     stream_options.include_usage})
 * @param promptCacheKey the session key for sticky routing, if any
 * @param responsesBody the Responses request body to forward (JSON)
 */
public record ChatRequest(
    String model,
    boolean stream,
    boolean includeUsage,
    Optional<String> promptCacheKey,
    byte[] responsesBody) {

  /** Checks that nothing is missing. */
  public ChatRequest {
    requireNonNull(model, "model");
    requireNonNull(promptCacheKey, "promptCacheKey");
    requireNonNull(responsesBody, "responsesBody");
  }
}
