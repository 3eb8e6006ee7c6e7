package io.codexlb.adapter.http;

import io.codexlb.adapter.http.chat.ChatCompletions;
import io.codexlb.adapter.http.chat.ChatRequest;
import io.codexlb.adapter.http.chat.ChatRequests;
import io.codexlb.adapter.http.chat.ChatStream;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;

/**
 * {@code POST /v1/chat/completions}: the chat body translated to a Responses body, and the answer
 * translated back: {@code chat.completion.chunk} data lines (no {@code event:} line, as OpenAI
 * sends them) ending with {@code data: [DONE]}, or one {@code chat.completion}.
 */
final class ChatCompletionsExchange implements Exchange.Reader {

  private final Clock clock;

  ChatCompletionsExchange(Clock clock) {
    this.clock = clock;
  }

  @Override
  public Exchange read(byte[] body) throws ResponsesBody.Invalid {
    ChatRequest chat = Exchange.translated(ChatRequests.translate(body));
    long now = clock.instant().getEpochSecond();
    ChatStream stream = new ChatStream(chat.model(), chat.includeUsage(), now);
    return new Exchange(
        chat.model(),
        chat.stream(),
        chat.promptCacheKey(),
        chat.responsesBody(),
        event -> frames(stream.chunks(event)),
        response -> ChatCompletions.fromResponse(response, chat.model(), now));
  }

  /** The data lines as SSE frames; no bytes at all for an event the client does not see. */
  static Buffer frames(List<String> chunks) {
    if (chunks.isEmpty()) {
      return Buffer.buffer();
    }
    StringBuilder frames = new StringBuilder();
    for (String chunk : chunks) {
      // The chunks are compact JSON: one line each.
      frames.append("data: ").append(chunk).append("\n\n");
    }
    return Buffer.buffer(frames.toString().getBytes(StandardCharsets.UTF_8));
  }
}
