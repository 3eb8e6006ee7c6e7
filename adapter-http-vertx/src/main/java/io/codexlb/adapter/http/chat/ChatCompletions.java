package io.codexlb.adapter.http.chat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;

/**
 * A whole Responses object as one {@code chat.completion}: the message's text (and refusal), its
 * function calls as {@code tool_calls}, the {@code finish_reason}, and the usage in chat's terms.
 * Also holds the mappings the streamed chunks share with it.
 */
public final class ChatCompletions {

  private ChatCompletions() {}

  /**
   * Translates a Responses object.
   *
   * @param response the Responses object of the terminal event, {@code output} filled
   * @param requestedModel the model of the request, for a response that names none
   * @param nowSeconds the Unix time to use for a response that has no {@code created_at}
   * @return the {@code chat.completion}
   */
  public static ObjectNode fromResponse(JsonNode response, String requestedModel, long nowSeconds) {
    StringBuilder content = new StringBuilder();
    StringBuilder refusal = new StringBuilder();
    ArrayNode toolCalls = ChatJson.MAPPER.createArrayNode();
    for (JsonNode item : response.path("output")) {
      String type = item.path("type").asText("");
      if ("message".equals(type)) {
        for (JsonNode part : item.path("content")) {
          if ("output_text".equals(part.path("type").asText())) {
            content.append(part.path("text").asText(""));
          } else if ("refusal".equals(part.path("type").asText())) {
            refusal.append(part.path("refusal").asText(""));
          }
        }
      } else if ("function_call".equals(type)) {
        ObjectNode call = toolCalls.addObject();
        call.put("id", item.path("call_id").asText("")).put("type", "function");
        call.putObject("function")
            .put("name", item.path("name").asText(""))
            .put("arguments", item.path("arguments").asText(""));
      }
    }
    ObjectNode completion = ChatJson.object().put("id", id(response.path("id").asText("")));
    completion.put("object", "chat.completion");
    completion.put("created", response.path("created_at").asLong(nowSeconds));
    completion.put("model", response.path("model").asText(requestedModel));
    ObjectNode choice = completion.putArray("choices").addObject().put("index", 0);
    ObjectNode message = choice.putObject("message").put("role", "assistant");
    if (content.length() > 0 || toolCalls.isEmpty()) {
      message.put("content", content.toString());
    } else {
      message.putNull("content");
    }
    if (refusal.length() > 0) {
      message.put("refusal", refusal.toString());
    } else {
      message.putNull("refusal");
    }
    if (!toolCalls.isEmpty()) {
      message.set("tool_calls", toolCalls);
    }
    choice.put("finish_reason", finishReason(response, !toolCalls.isEmpty()));
    choice.putNull("logprobs");
    usage(response.path("usage")).ifPresent(usage -> completion.set("usage", usage));
    return completion;
  }

  /** The chat id of an upstream response id: stable for the whole answer. */
  static String id(String responseId) {
    return "chatcmpl-" + responseId;
  }

  /**
   * {@code length} for a response cut short by its token limit, {@code content_filter} for one
   * stopped by the filter, else {@code tool_calls} when it asked for tools, else {@code stop}.
   */
  static String finishReason(JsonNode response, boolean toolCalls) {
    if ("incomplete".equals(response.path("status").asText())) {
      String reason = response.path("incomplete_details").path("reason").asText("");
      return "content_filter".equals(reason) ? "content_filter" : "length";
    }
    return toolCalls ? "tool_calls" : "stop";
  }

  /** Responses usage in chat's terms; empty when the response reported none. */
  static Optional<ObjectNode> usage(JsonNode usage) {
    if (!usage.isObject()) {
      return Optional.empty();
    }
    long input = usage.path("input_tokens").asLong(0);
    long output = usage.path("output_tokens").asLong(0);
    ObjectNode chat =
        ChatJson.object()
            .put("prompt_tokens", input)
            .put("completion_tokens", output)
            .put("total_tokens", usage.path("total_tokens").asLong(input + output));
    chat.putObject("prompt_tokens_details")
        .put("cached_tokens", usage.path("input_tokens_details").path("cached_tokens").asLong(0));
    chat.putObject("completion_tokens_details")
        .put(
            "reasoning_tokens",
            usage.path("output_tokens_details").path("reasoning_tokens").asLong(0));
    return Optional.of(chat);
  }
}
