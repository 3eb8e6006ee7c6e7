package io.codexlb.compat;

import com.openai.client.OpenAIClient;
import com.openai.core.http.StreamResponse;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The OpenAI Java SDK's {@code chat.completions} calls as an application makes them against
 * codex-lb, built on the client of {@link OpenAiSdk}.
 */
final class OpenAiChat {

  private OpenAiChat() {}

  /** {@code chat.completions.create} parameters: one user message for {@code model}. */
  static ChatCompletionCreateParams ask(String model, String prompt) {
    return ChatCompletionCreateParams.builder().model(model).addUserMessage(prompt).build();
  }

  /** {@code params} asking for the usage chunk at the end of a streamed answer. */
  static ChatCompletionCreateParams withUsage(ChatCompletionCreateParams params) {
    return params.toBuilder()
        .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build())
        .build();
  }

  /** Every chunk of a streamed completion, in the order the SDK delivered them. */
  static List<ChatCompletionChunk> stream(OpenAIClient client, ChatCompletionCreateParams params) {
    try (StreamResponse<ChatCompletionChunk> stream =
        client.chat().completions().createStreaming(params)) {
      return stream.stream().toList();
    }
  }

  /** The content deltas of {@code chunks}, one per chunk that carries content. */
  static List<String> contentDeltas(List<ChatCompletionChunk> chunks) {
    return chunks.stream()
        .flatMap(chunk -> chunk.choices().stream())
        .flatMap(choice -> choice.delta().content().stream())
        .toList();
  }

  /** The content of {@code chunks}, joined. */
  static String content(List<ChatCompletionChunk> chunks) {
    return String.join("", contentDeltas(chunks));
  }

  /** The one {@code finish_reason} of {@code chunks}, as its wire value, or empty when none. */
  static Optional<String> finishReason(List<ChatCompletionChunk> chunks) {
    List<String> reasons =
        chunks.stream()
            .flatMap(chunk -> chunk.choices().stream())
            .flatMap(choice -> choice.finishReason().stream())
            .map(reason -> reason.asString())
            .collect(Collectors.toList());
    if (reasons.size() > 1) {
      throw new AssertionError("finish_reason: " + reasons + " (expected: at most one)");
    }
    return reasons.stream().findFirst();
  }

  /** How a chat call ends for the SDK: a value, or the exception it threw. */
  enum Call {
    /** {@code client.chat().completions().create(params)}. */
    NON_STREAMING {
      @Override
      void run(OpenAIClient client, ChatCompletionCreateParams params) {
        client.chat().completions().create(params);
      }
    },
    /** {@code client.chat().completions().createStreaming(params)}, read to the end. */
    STREAMING {
      @Override
      void run(OpenAIClient client, ChatCompletionCreateParams params) {
        stream(client, params);
      }
    };

    abstract void run(OpenAIClient client, ChatCompletionCreateParams params);
  }
}
