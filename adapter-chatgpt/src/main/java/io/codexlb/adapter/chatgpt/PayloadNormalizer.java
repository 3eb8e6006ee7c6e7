package io.codexlb.adapter.chatgpt;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Optional;

/**
 * Makes a client's Responses body acceptable to the ChatGPT backend: {@code store} false (true is
 * coerced, not refused), {@code stream} true (upstream always streams; the proxy aggregates for
 * clients that did not ask to), the fields the backend refuses removed, and {@code service_tier}
 * translated. Everything else, unknown fields and tool types included, passes untouched: Codex adds
 * new ones and the original broke when it filtered them. A body that is not a JSON object is sent
 * as it came; validating it is the proxy's job.
 */
final class PayloadNormalizer {

  /** Fields the backend refuses. */
  static final List<String> STRIPPED =
      List.of(
          "max_output_tokens",
          "metadata",
          "prompt_cache_retention",
          "safety_identifier",
          "temperature",
          "top_p",
          "truncation",
          "user");

  private PayloadNormalizer() {}

  /** The body to send upstream. */
  static byte[] normalize(byte[] body) {
    Optional<JsonNode> parsed = Json.parse(body);
    if (parsed.isEmpty() || !(parsed.get() instanceof ObjectNode payload)) {
      return body;
    }
    payload.put("store", false);
    payload.put("stream", true);
    payload.remove(STRIPPED);
    JsonNode tier = payload.path("service_tier");
    if (tier.isTextual()) {
      String value = tier.asText();
      if ("fast".equals(value)) {
        payload.put("service_tier", "priority");
      } else if ("auto".equals(value) || "default".equals(value)) {
        payload.remove("service_tier");
      }
    }
    try {
      return Json.MAPPER.writeValueAsBytes(payload);
    } catch (JsonProcessingException cannotHappen) {
      return body;
    }
  }
}
