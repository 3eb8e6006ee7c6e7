package io.codexlb.adapter.http.chat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.codexlb.port.in.ProxyResponsesCommand;
import java.util.Optional;

/**
 * Chat Completions request bodies as Responses request bodies. The fields the Responses API has an
 * equivalent for are translated (see {@code docs/chat-completions.md}); the others are dropped,
 * since the upstream Codex backend refuses fields it does not know.
 */
public final class ChatRequests {

  private ChatRequests() {}

  /**
   * Translates a {@code POST /v1/chat/completions} body.
   *
   * @param body the request body as the client sent it
   * @return the request to serve, or why the body cannot be served
   */
  public static ChatTranslation translate(byte[] body) {
    try {
      ObjectNode chat = object(body);
      String model = model(chat);
      JsonNode messages = chat.path("messages");
      if (messages.isMissingNode() || messages.isNull()) {
        return new ChatTranslation.Rejected("Missing required field: messages");
      }
      JsonNode n = chat.path("n");
      if (!n.isMissingNode() && !n.isNull() && !(n.canConvertToExactIntegral() && n.asInt() == 1)) {
        throw Rejection.of("n", ChatMessages.describe(n), "1; codex-lb answers with one choice");
      }
      ObjectNode responses = ChatJson.object().put("model", model);
      ChatMessages.Converted converted = ChatMessages.convert(messages);
      converted.instructions().ifPresent(text -> responses.put("instructions", text));
      responses.set("input", converted.input());
      ChatOptions.translate(chat, responses);
      boolean stream = bool(chat.path("stream"), "stream");
      boolean includeUsage =
          bool(chat.path("stream_options").path("include_usage"), "stream_options.include_usage");
      responses.put("stream", true);
      if (messages.isEmpty()) {
        // Checked last, so that a body with other problems too is told about those first.
        throw Rejection.of("messages", "[]", "at least one message");
      }
      return new ChatTranslation.Translated(
          new ChatRequest(model, stream, includeUsage, cacheKey(chat), ChatJson.bytes(responses)));
    } catch (Rejection rejection) {
      return new ChatTranslation.Rejected(rejection.getMessage());
    }
  }

  /**
   * Translates a {@code POST /v1/responses} body that carries chat {@code messages} and no {@code
   * input}, as the original codex-lb accepts: the messages become {@code input} (and their system
   * text is appended to {@code instructions}); every other field stays as the client sent it.
   *
   * @param body the Responses request body
   * @return the request to serve (its body without {@code messages}), or why it cannot be served
   */
  public static ChatTranslation fromResponsesMessages(byte[] body) {
    try {
      ObjectNode responses = object(body);
      String model = model(responses);
      ChatMessages.Converted converted = ChatMessages.convert(responses.path("messages"));
      responses.remove("messages");
      Optional<String> instructions = converted.instructions();
      if (instructions.isPresent()) {
        JsonNode given = responses.path("instructions");
        responses.put(
            "instructions",
            given.isTextual() && !given.asText().isEmpty()
                ? given.asText() + "\n" + instructions.get()
                : instructions.get());
      }
      responses.set("input", converted.input());
      boolean stream = bool(responses.path("stream"), "stream");
      return new ChatTranslation.Translated(
          new ChatRequest(model, stream, false, cacheKey(responses), ChatJson.bytes(responses)));
    } catch (Rejection rejection) {
      return new ChatTranslation.Rejected(rejection.getMessage());
    }
  }

  private static ObjectNode object(byte[] body) throws Rejection {
    if (body.length == 0) {
      throw new Rejection("Request body is empty: send a JSON object with \"model\"");
    }
    JsonNode parsed = ChatJson.parseBody(body);
    if (!parsed.isObject()) {
      throw new Rejection("Request body must be a JSON object");
    }
    return (ObjectNode) parsed;
  }

  private static String model(JsonNode body) throws Rejection {
    JsonNode model = body.path("model");
    if (model.isMissingNode() || model.isNull()) {
      throw new Rejection("Missing required field: model");
    }
    if (!model.isTextual() || model.asText().isBlank()) {
      throw Rejection.of("model", ChatMessages.describe(model), "a model name");
    }
    String name = model.asText();
    if (name.length() > ProxyResponsesCommand.MAX_MODEL_LENGTH) {
      throw Rejection.of(
          "model",
          ChatMessages.describe(model),
          "at most " + ProxyResponsesCommand.MAX_MODEL_LENGTH + " characters");
    }
    return name;
  }

  private static boolean bool(JsonNode value, String name) throws Rejection {
    if (value.isMissingNode() || value.isNull()) {
      return false;
    }
    if (!value.isBoolean()) {
      throw Rejection.of(name, ChatMessages.describe(value), "true or false");
    }
    return value.asBoolean();
  }

  private static Optional<String> cacheKey(JsonNode body) throws Rejection {
    JsonNode key = body.path("prompt_cache_key");
    if (key.isMissingNode() || key.isNull()) {
      return Optional.empty();
    }
    if (!key.isTextual()) {
      throw Rejection.of("prompt_cache_key", ChatMessages.describe(key), "a string");
    }
    if (key.asText().length() > ProxyResponsesCommand.MAX_SESSION_KEY_LENGTH) {
      throw Rejection.of(
          "prompt_cache_key",
          ChatMessages.describe(key),
          "at most " + ProxyResponsesCommand.MAX_SESSION_KEY_LENGTH + " characters");
    }
    return Optional.of(key.asText());
  }
}
