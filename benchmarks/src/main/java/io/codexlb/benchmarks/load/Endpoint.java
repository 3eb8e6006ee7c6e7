package io.codexlb.benchmarks.load;

import static java.util.Objects.requireNonNull;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.util.Map;

/**
 * One kind of request the harness sends: a POST to {@code url} with {@code headers} and {@code
 * body}, the same every time.
 *
 * @param label how the tables name it
 * @param url the absolute URL
 * @param headers the request headers
 * @param body the JSON body
 */
record Endpoint(String label, String url, Map<String, String> headers, String body) {

  /** The model every request asks for; the fake backend echoes it. */
  static final String MODEL = "gpt-5.1-codex";

  Endpoint {
    requireNonNull(label, "label");
    requireNonNull(url, "url");
    headers = Map.copyOf(headers);
    requireNonNull(body, "body");
  }

  /**
   * A Responses request body asking for one short answer. Every path sends the same input and
   * instructions, so the bodies differ only in {@code stream}.
   */
  static String responsesBody(boolean stream) {
    return "{\"model\":\""
        + MODEL
        + "\",\"instructions\":\"You are a load test.\","
        + "\"input\":[{\"type\":\"message\",\"role\":\"user\","
        + "\"content\":[{\"type\":\"input_text\",\"text\":\"Say hello.\"}]}],"
        + "\"stream\":"
        + stream
        + ",\"store\":false}";
  }

  /**
   * The Chat Completions body of the same request as {@link #responsesBody}: the instructions as a
   * system message, the input as a user message.
   */
  static String chatBody(boolean stream) {
    return "{\"model\":\""
        + MODEL
        + "\",\"messages\":[{\"role\":\"system\",\"content\":\"You are a load test.\"},"
        + "{\"role\":\"user\",\"content\":\"Say hello.\"}],"
        + "\"stream\":"
        + stream
        + "}";
  }

  /** Fresh options for one request (Vert.x may keep a reference to the ones it is given). */
  RequestOptions requestOptions() {
    RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setAbsoluteURI(url);
    headers.forEach(options::addHeader);
    return options;
  }

  /** The body as a buffer. */
  Buffer bodyBuffer() {
    return Buffer.buffer(body);
  }
}
