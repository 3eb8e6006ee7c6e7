package io.codexlb.adapter.http;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import io.codexlb.port.in.ProxyResponsesCommand;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What the proxy reads out of a Responses request body: {@code model}, {@code stream} and {@code
 * prompt_cache_key}. The body is scanned once with a streaming parser (every byte is checked to be
 * JSON, nothing else is built), since it is forwarded as it is.
 *
 * @param model the model asked for
 * @param stream whether the client asked for server-sent events; absent means no
 * @param promptCacheKey the session key for sticky routing, if any
 * @param messagesWithoutInput whether the body has chat {@code messages} and no {@code input} (it
 *     is then translated as a chat request's messages are)
 */
record ResponsesBody(
    String model, boolean stream, Optional<String> promptCacheKey, boolean messagesWithoutInput) {

  private static final JsonFactory JSON = new JsonFactory();

  ResponsesBody(String model, boolean stream, Optional<String> promptCacheKey) {
    this(model, stream, promptCacheKey, false);
  }

  /** A body that cannot be served, with a message for the client that names the field. */
  static final class Invalid extends Exception {
    private static final long serialVersionUID = 1L;

    Invalid(String message) {
      super(requireNonNull(message, "message"), null, false, false);
    }

    /** The message it was made with: never null. */
    @Override
    public String getMessage() {
      return requireNonNull(super.getMessage());
    }
  }

  /**
   * Reads a body.
   *
   * @throws Invalid if it is not a JSON object, or {@code model} is missing or not a non-empty
   *     string, or {@code stream} is not a boolean, or {@code prompt_cache_key} not a string, or
   *     {@code model} or {@code prompt_cache_key} is too long ({@link
   *     ProxyResponsesCommand#MAX_MODEL_LENGTH}, {@link
   *     ProxyResponsesCommand#MAX_SESSION_KEY_LENGTH})
   */
  static ResponsesBody read(byte[] body) throws Invalid {
    if (body.length == 0) {
      throw new Invalid("Request body is empty: send a JSON object with at least \"model\"");
    }
    try (JsonParser parser = JSON.createParser(body)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        throw new Invalid("Request body must be a JSON object");
      }
      String model = null;
      boolean stream = false;
      String promptCacheKey = null;
      boolean messages = false;
      boolean input = false;
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String field = parser.currentName();
        JsonToken value = parser.nextToken();
        switch (field) {
          case "model" -> model = string(parser, value, "model");
          case "stream" -> stream = bool(value, "stream");
          case "prompt_cache_key" -> promptCacheKey = string(parser, value, "prompt_cache_key");
          default -> {
            messages |= "messages".equals(field) && value != JsonToken.VALUE_NULL;
            input |= "input".equals(field) && value != JsonToken.VALUE_NULL;
            parser.skipChildren();
          }
        }
      }
      if (parser.nextToken() != null) {
        throw new Invalid("Invalid JSON body: unexpected content after the object");
      }
      if (model == null || model.isBlank()) {
        throw new Invalid("Missing required field: model");
      }
      checkLength("model", model, ProxyResponsesCommand.MAX_MODEL_LENGTH);
      if (promptCacheKey != null) {
        checkLength(
            "prompt_cache_key", promptCacheKey, ProxyResponsesCommand.MAX_SESSION_KEY_LENGTH);
      }
      return new ResponsesBody(
          model, stream, Optional.ofNullable(promptCacheKey), messages && !input);
    } catch (JsonProcessingException malformed) {
      throw new Invalid("Invalid JSON body: " + malformed.getOriginalMessage());
    } catch (IOException e) {
      // Parsing a byte array performs no I/O; anything here is a bug.
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Refuses a string field longer than {@code max} characters, naming it: the proxy keeps and logs
   * these, so their size is not the client's to choose.
   */
  static void checkLength(String field, String value, int max) throws Invalid {
    if (value.length() > max) {
      throw new Invalid("Invalid field " + field + ": longer than " + max + " characters");
    }
  }

  private static @Nullable String string(JsonParser parser, JsonToken value, String field)
      throws Invalid, IOException {
    if (value == JsonToken.VALUE_NULL) {
      return null;
    }
    if (value != JsonToken.VALUE_STRING) {
      throw new Invalid("Invalid field " + field + ": expected a string");
    }
    return parser.getText();
  }

  private static boolean bool(JsonToken value, String field) throws Invalid {
    if (value == JsonToken.VALUE_NULL) {
      return false;
    }
    if (value != JsonToken.VALUE_TRUE && value != JsonToken.VALUE_FALSE) {
      throw new Invalid("Invalid field " + field + ": expected true or false");
    }
    return value == JsonToken.VALUE_TRUE;
  }
}
