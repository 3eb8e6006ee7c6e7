package io.codexlb.testkit;

import io.vertx.core.json.JsonObject;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One request the fake backend received, as it arrived.
 *
 * @param method the HTTP method, upper case
 * @param path the path, without the query
 * @param query the raw query string, empty when there is none
 * @param headers every header, looked up case-insensitively, values in arrival order
 * @param body the body as text (JSON for the Responses endpoint), empty when there was none
 */
public record RecordedRequest(
    String method, String path, String query, Map<String, List<String>> headers, String body) {

  /** Copies the headers into an unmodifiable, case-insensitive map. */
  public RecordedRequest {
    TreeMap<String, List<String>> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    headers.forEach((name, values) -> copy.put(name, List.copyOf(values)));
    headers = Collections.unmodifiableMap(copy);
  }

  /** The first value of header {@code name}, matched case-insensitively. */
  public Optional<String> header(String name) {
    List<String> values = headers.get(name);
    return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
  }

  /** The {@code chatgpt-account-id} header, whatever its spelling. */
  public Optional<String> accountId() {
    return header(FakeChatGptBackend.ACCOUNT_HEADER);
  }

  /** The body parsed as a JSON object; fails with a {@code DecodeException} when it is not one. */
  public JsonObject json() {
    return new JsonObject(body);
  }
}
