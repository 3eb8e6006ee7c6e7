package io.codexlb.adapter.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.errorprone.annotations.CanIgnoreReturnValue;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import java.io.UncheckedIOException;

/** Writes JSON bodies with the one Jackson mapper of this adapter. */
public final class JsonResponses {

  public static final String CONTENT_TYPE = "application/json";

  // Thread-safe once configured, and costly to create: one for the whole adapter.
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private JsonResponses() {}

  /** A new, empty JSON object to fill in. */
  public static ObjectNode object() {
    return MAPPER.createObjectNode();
  }

  /**
   * Ends {@code response} with {@code status} and the JSON {@code body}.
   *
   * @return completes when the response is written
   */
  @CanIgnoreReturnValue
  public static Future<Void> send(HttpServerResponse response, int status, JsonNode body) {
    return send(response, status, encode(body));
  }

  /** The JSON encoding of {@code body}. */
  public static Buffer encode(JsonNode body) {
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
  public static Future<Void> send(HttpServerResponse response, int status, Buffer body) {
    return response.setStatusCode(status).putHeader("Content-Type", CONTENT_TYPE).end(body);
  }
}
