package io.codexlb.adapter.http.chat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;

/**
 * Chat {@code messages} as Responses {@code instructions} and {@code input} items: {@code system}
 * and {@code developer} text joined by newlines into the instructions; {@code user} and {@code
 * assistant} messages as message items (text and {@code image_url} parts); an assistant's {@code
 * tool_calls} as {@code function_call} items; {@code tool} messages as {@code function_call_output}
 * items.
 */
final class ChatMessages {

  /**
   * The messages translated.
   *
   * @param instructions the system and developer text, newline-joined; empty when there was none
   * @param input the input items, in the order of the messages
   */
  record Converted(Optional<String> instructions, ArrayNode input) {}

  private ChatMessages() {}

  static Converted convert(JsonNode messages) throws Rejection {
    if (!messages.isArray()) {
      throw Rejection.of("messages", describe(messages), "an array of messages");
    }
    StringBuilder instructions = new StringBuilder();
    ArrayNode input = ChatJson.MAPPER.createArrayNode();
    for (int i = 0; i < messages.size(); i++) {
      String name = "messages[" + i + "]";
      JsonNode message = messages.get(i);
      if (!message.isObject()) {
        throw Rejection.of(name, describe(message), "an object with a role");
      }
      String role = message.path("role").asText("");
      switch (role) {
        case "system", "developer" -> {
          if (instructions.length() > 0) {
            instructions.append('\n');
          }
          instructions.append(plainText(message.path("content"), name + ".content"));
        }
        case "user" -> input.add(message("user", userContent(message.path("content"), name)));
        case "assistant" -> assistant(message, name, input);
        case "tool" -> input.add(toolResult(message, name));
        default ->
            throw Rejection.of(
                name + ".role",
                describe(message.path("role")),
                "system, developer, user, assistant or tool");
      }
    }
    return new Converted(
        instructions.length() == 0 ? Optional.empty() : Optional.of(instructions.toString()),
        input);
  }

  private static ObjectNode message(String role, ArrayNode content) {
    ObjectNode item = ChatJson.object().put("type", "message").put("role", role);
    item.set("content", content);
    return item;
  }

  private static ArrayNode userContent(JsonNode content, String name) throws Rejection {
    ArrayNode parts = ChatJson.MAPPER.createArrayNode();
    if (content.isTextual()) {
      parts.addObject().put("type", "input_text").put("text", content.asText());
      return parts;
    }
    if (!content.isArray()) {
      throw Rejection.of(name + ".content", describe(content), "a string or an array of parts");
    }
    for (int j = 0; j < content.size(); j++) {
      JsonNode part = content.get(j);
      String partName = name + ".content[" + j + "]";
      String type = part.path("type").asText("");
      if ("text".equals(type)) {
        parts.addObject().put("type", "input_text").put("text", part.path("text").asText(""));
      } else if ("image_url".equals(type)) {
        parts.add(image(part.path("image_url"), partName));
      } else {
        throw Rejection.of(partName + ".type", describe(part.path("type")), "text or image_url");
      }
    }
    return parts;
  }

  private static ObjectNode image(JsonNode imageUrl, String name) throws Rejection {
    // The SDKs send {"url": ..., "detail": ...}; a bare string is accepted as the url.
    JsonNode url = imageUrl.isTextual() ? imageUrl : imageUrl.path("url");
    if (!url.isTextual() || url.asText().isEmpty()) {
      throw Rejection.of(name + ".image_url.url", describe(url), "an http(s) or data: URL");
    }
    ObjectNode image = ChatJson.object().put("type", "input_image").put("image_url", url.asText());
    JsonNode detail = imageUrl.path("detail");
    image.put("detail", detail.isTextual() ? detail.asText() : "auto");
    return image;
  }

  private static void assistant(JsonNode message, String name, ArrayNode input) throws Rejection {
    JsonNode content = message.path("content");
    if (!content.isMissingNode() && !content.isNull()) {
      String text = plainText(content, name + ".content");
      if (!text.isEmpty()) {
        ArrayNode parts = ChatJson.MAPPER.createArrayNode();
        parts.addObject().put("type", "output_text").put("text", text);
        input.add(message("assistant", parts));
      }
    }
    JsonNode toolCalls = message.path("tool_calls");
    if (toolCalls.isMissingNode() || toolCalls.isNull()) {
      return;
    }
    if (!toolCalls.isArray()) {
      throw Rejection.of(name + ".tool_calls", describe(toolCalls), "an array of tool calls");
    }
    for (int k = 0; k < toolCalls.size(); k++) {
      JsonNode call = toolCalls.get(k);
      JsonNode function = call.path("function");
      String callName = name + ".tool_calls[" + k + "]";
      if (!call.path("id").isTextual()) {
        throw Rejection.of(callName + ".id", describe(call.path("id")), "a string");
      }
      if (!function.path("name").isTextual()) {
        throw Rejection.of(
            callName + ".function.name", describe(function.path("name")), "a string");
      }
      input
          .addObject()
          .put("type", "function_call")
          .put("call_id", call.path("id").asText())
          .put("name", function.path("name").asText())
          .put("arguments", function.path("arguments").asText("{}"));
    }
  }

  private static ObjectNode toolResult(JsonNode message, String name) throws Rejection {
    JsonNode callId = message.path("tool_call_id");
    if (!callId.isTextual()) {
      throw Rejection.of(name + ".tool_call_id", describe(callId), "the id of the tool call");
    }
    return ChatJson.object()
        .put("type", "function_call_output")
        .put("call_id", callId.asText())
        .put("output", plainText(message.path("content"), name + ".content"));
  }

  /** The text of a content that is a string or an array of text (or refusal) parts. */
  private static String plainText(JsonNode content, String name) throws Rejection {
    if (content.isTextual()) {
      return content.asText();
    }
    if (content.isNull() || content.isMissingNode()) {
      return "";
    }
    if (!content.isArray()) {
      throw Rejection.of(name, describe(content), "a string or an array of text parts");
    }
    StringBuilder text = new StringBuilder();
    for (int j = 0; j < content.size(); j++) {
      JsonNode part = content.get(j);
      String type = part.path("type").asText("");
      if (!"text".equals(type) && !"refusal".equals(type)) {
        throw Rejection.of(name + "[" + j + "].type", describe(part.path("type")), "text");
      }
      text.append(part.path("text".equals(type) ? "text" : "refusal").asText(""));
    }
    return text.toString();
  }

  /**
   * A value as an error message may show it: short strings and numbers as they are, anything else
   * by its kind, so that no message echoes what the client wrote at length.
   */
  static String describe(JsonNode value) {
    if (value.isMissingNode()) {
      return "missing";
    }
    if (value.isTextual()) {
      String text = value.asText();
      return text.length() <= 40 ? "\"" + text + "\"" : "a string of " + text.length() + " chars";
    }
    if (value.isNumber() || value.isBoolean() || value.isNull()) {
      return value.toString();
    }
    return value.isArray() ? "an array" : "an object";
  }
}
