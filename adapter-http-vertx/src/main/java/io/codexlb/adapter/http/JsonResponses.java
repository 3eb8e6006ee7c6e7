package io.codexlb.adapter.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.errorprone.annotations.CanIgnoreReturnValue;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import java.io.UncheckedIOException;

/** Writes JSON bodies with the one Jackson mapper of this adapter. */
final class JsonResponses {

  static final String CONTENT_TYPE = "application/json";

  // Thread-safe once configured, and costly to create: one for the whole adapter.
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private JsonResponses() {}

  /** A new, empty JSON object to fill in. */
  static ObjectNode object() {
    return MAPPER.createObjectNode();
  }

  /** The JSON encoding of {@code body}. */
  static Buffer encode(ObjectNode body) {
    try {
      return Buffer.buffer(MAPPER.writeValueAsBytes(body));
    } catch (JsonProcessingException e) {
      // A tree of plain nodes always serializes; failing here is a bug, not a request problem.
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Ends {@code response} with {@code status} and the JSON {@code body}.
   *
   * @return completes when the response is written
   */
  @CanIgnoreReturnValue
  static Future<Void> send(HttpServerResponse response, int status, Buffer body) {
    return response.setStatusCode(status).putHeader("Content-Type", CONTENT_TYPE).end(body);
  }
}
