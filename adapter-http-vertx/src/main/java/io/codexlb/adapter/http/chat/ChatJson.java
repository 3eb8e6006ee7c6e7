package io.codexlb.adapter.http.chat;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;

/** The one Jackson mapper of this package, and the few ways it is used. */
final class ChatJson {

  // Thread-safe once configured, and costly to create: one for the package.
  static final ObjectMapper MAPPER = new ObjectMapper();

  private ChatJson() {}

  static ObjectNode object() {
    return MAPPER.createObjectNode();
  }

  /** The JSON text of {@code json}, or empty when it is not JSON. */
  static Optional<JsonNode> parse(String json) {
    try {
      return Optional.ofNullable(MAPPER.readTree(json));
    } catch (JsonProcessingException malformed) {
      return Optional.empty();
    }
  }

  /**
   * The one JSON value of a request body.
   *
   * @throws Rejection if it is not JSON, or has anything but whitespace after the value
   */
  static JsonNode parseBody(byte[] body) throws Rejection {
    try (JsonParser parser = MAPPER.createParser(body)) {
      JsonNode value = MAPPER.readTree(parser);
      if (value == null) {
        throw new Rejection("Request body is empty: send a JSON object with \"model\"");
      }
      JsonToken after;
      try {
        after = parser.nextToken();
      } catch (JsonProcessingException garbage) {
        after = JsonToken.NOT_AVAILABLE;
      }
      if (after != null) {
        throw new Rejection("Invalid JSON body: unexpected content after the object");
      }
      return value;
    } catch (JsonProcessingException malformed) {
      throw new Rejection("Invalid JSON body");
    } catch (IOException e) {
      // Reading a byte array performs no I/O; anything here is a bug.
      throw new UncheckedIOException(e);
    }
  }

  static String text(JsonNode node) {
    try {
      return MAPPER.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      // A tree of plain nodes always serializes; failing here is a bug.
      throw new UncheckedIOException(e);
    }
  }

  static byte[] bytes(JsonNode node) {
    try {
      return MAPPER.writeValueAsBytes(node);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
