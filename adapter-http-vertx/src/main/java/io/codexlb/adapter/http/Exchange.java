package io.codexlb.adapter.http;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.codexlb.adapter.http.chat.ChatRequest;
import io.codexlb.adapter.http.chat.ChatRequests;
import io.codexlb.adapter.http.chat.ChatTranslation;
import io.codexlb.domain.upstream.UpstreamEvent;
import io.vertx.core.buffer.Buffer;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * What a route makes of one request body: what the data plane needs to serve it, and how its answer
 * is shaped for the client (the stream's frames, or the one JSON object).
 *
 * @param model the model asked for
 * @param stream whether the client asked for server-sent events
 * @param promptCacheKey the session key for sticky routing, if any
 * @param upstreamBody the Responses body the data plane forwards
 * @param frames each event as the bytes the client gets (empty for an event it does not see)
 * @param answer the Responses object of a non-streamed answer as the client gets it
 */
record Exchange(
    String model,
    boolean stream,
    Optional<String> promptCacheKey,
    byte[] upstreamBody,
    Function<UpstreamEvent, Buffer> frames,
    UnaryOperator<ObjectNode> answer) {

  Exchange {
    requireNonNull(model, "model");
    requireNonNull(promptCacheKey, "promptCacheKey");
    requireNonNull(upstreamBody, "upstreamBody");
    requireNonNull(frames, "frames");
    requireNonNull(answer, "answer");
  }

  /** How a route reads its request bodies. */
  @FunctionalInterface
  interface Reader {
    /**
     * Reads one body.
     *
     * @throws ResponsesBody.Invalid if it cannot be served; the message names the field
     */
    Exchange read(byte[] body) throws ResponsesBody.Invalid;
  }

  /**
   * The Responses routes: the body is forwarded as it is and the events pass through, except that a
   * body with chat {@code messages} and no {@code input} is translated first.
   */
  static Exchange responses(byte[] body) throws ResponsesBody.Invalid {
    ResponsesBody parsed = ResponsesBody.read(body);
    if (!parsed.messagesWithoutInput()) {
      return new Exchange(
          parsed.model(),
          parsed.stream(),
          parsed.promptCacheKey(),
          body,
          SseStream.PASS_THROUGH,
          UnaryOperator.identity());
    }
    ChatRequest chat = translated(ChatRequests.fromResponsesMessages(body));
    return new Exchange(
        chat.model(),
        chat.stream(),
        chat.promptCacheKey(),
        chat.responsesBody(),
        SseStream.PASS_THROUGH,
        UnaryOperator.identity());
  }

  /** The translated request, or the client's 400 naming the field. */
  static ChatRequest translated(ChatTranslation translation) throws ResponsesBody.Invalid {
    if (translation instanceof ChatTranslation.Rejected rejected) {
      throw new ResponsesBody.Invalid(rejected.message());
    }
    return ((ChatTranslation.Translated) translation).request();
  }
}
