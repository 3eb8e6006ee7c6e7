package io.codexlb.adapter.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The compact routes ({@code POST /v1/responses/compact} and Codex's {@code
 * /backend-api/codex/responses/compact}): a request to compact a conversation, forwarded as the
 * original codex-lb forwards it since the ChatGPT backend dropped its compact endpoint: an ordinary
 * Responses request (to {@code {base}/codex/responses}, streamed, {@code store: false}) whose input
 * ends with the item {@code {"type":"compaction_trigger"}}. Upstream answers with one {@code
 * compaction} output item (opaque, encrypted), and the client gets what a compact call returns: one
 * JSON object, {@code {"object":"response.compaction","output":[<that item>], "usage": ...}}, never
 * a stream (Codex CLI reads its {@code output} as the conversation's new history).
 *
 * <p>As the original does, the fields a compaction does not use are removed before the request goes
 * on ({@code tools}, {@code tool_choice}, {@code text}, {@code client_metadata}) and {@code
 * parallel_tool_calls} is false; the upstream adapter normalizes the rest as for any Responses
 * request. Everything else (model, instructions, input items, reasoning, prompt_cache_key) passes
 * untouched, so the key's model allow-list, its limits and the session's sticky account apply as
 * for any request.
 */
final class CompactExchange {

  /** The input item that asks upstream to compact the input before it. */
  static final String TRIGGER_TYPE = "compaction_trigger";

  /** What the client's answer object is. */
  static final String COMPACTION_OBJECT = "response.compaction";

  /** Output item types that carry the compacted conversation. */
  private static final List<String> COMPACTION_ITEM_TYPES =
      List.of("compaction", "compaction_summary");

  /** Fields a compaction does not send upstream. */
  private static final List<String> STRIPPED =
      List.of("tools", "tool_choice", "text", "client_metadata");

  /** Fields of the terminal response the client's compaction object keeps. */
  private static final List<String> KEPT =
      List.of("id", "created_at", "status", "usage", "service_tier");

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private CompactExchange() {}

  /**
   * Reads a compact request: checked as a Responses body ({@code model} required, the sizes the
   * proxy keeps bounded), then shaped as a compaction.
   *
   * @throws ResponsesBody.Invalid if it cannot be served; the message names the field
   */
  static Exchange read(byte[] body) throws ResponsesBody.Invalid {
    ResponsesBody parsed = ResponsesBody.read(body);
    return new Exchange(
        parsed.model(),
        false,
        parsed.promptCacheKey(),
        upstreamBody(body),
        SseStream.PASS_THROUGH,
        CompactExchange::answer);
  }

  /** The body to forward: the client's, its input ending with the one trigger. */
  static byte[] upstreamBody(byte[] body) {
    ObjectNode payload;
    try {
      // ResponsesBody.read has checked that it is one JSON object.
      payload = (ObjectNode) MAPPER.readTree(body);
    } catch (IOException cannotHappen) {
      throw new UncheckedIOException(cannotHappen);
    }
    payload.remove(STRIPPED);
    payload.put("parallel_tool_calls", false);
    payload.put("store", false);
    payload.put("stream", true);
    payload.set("input", triggered(payload.get("input")));
    try {
      return MAPPER.writeValueAsBytes(payload);
    } catch (JsonProcessingException cannotHappen) {
      throw new UncheckedIOException(cannotHappen);
    }
  }

  /**
   * The input as a list that ends with exactly one trigger (upstream refuses a trigger that is not
   * the last item): a text input becomes one user message, a single item a list of one, and any
   * trigger the client already sent is moved to the end.
   */
  private static ArrayNode triggered(@Nullable JsonNode input) {
    ArrayNode items = MAPPER.createArrayNode();
    if (input != null && input.isArray()) {
      for (JsonNode item : input) {
        if (!isTrigger(item)) {
          items.add(item);
        }
      }
    } else if (input != null && input.isTextual()) {
      ObjectNode message = items.addObject();
      message.put("type", "message").put("role", "user");
      message.putArray("content").addObject().put("type", "input_text").put("text", input.asText());
    } else if (input != null && input.isObject() && !isTrigger(input)) {
      items.add(input);
    }
    items.addObject().put("type", TRIGGER_TYPE);
    return items;
  }

  private static boolean isTrigger(JsonNode item) {
    return item.isObject() && TRIGGER_TYPE.equals(item.path("type").asText(null));
  }

  /**
   * The client's compaction object, made of upstream's final response: its compaction item as the
   * only output, and the response's id, creation time, status, usage and service tier. A response
   * without a compaction item is answered as upstream sent it (as the original does), so that what
   * upstream said is not lost.
   */
  static ObjectNode answer(ObjectNode response) {
    ObjectNode item = compactionItem(response.path("output"));
    if (item == null) {
      return response;
    }
    ObjectNode compaction = MAPPER.createObjectNode();
    for (String field : KEPT) {
      JsonNode value = response.get(field);
      if (value != null && !value.isNull()) {
        compaction.set(field, value);
      }
    }
    compaction.put("object", COMPACTION_OBJECT);
    compaction.putArray("output").add(item);
    return compaction;
  }

  /** The first compaction item of {@code output}, as {@code type: compaction}; null if none. */
  private static @Nullable ObjectNode compactionItem(JsonNode output) {
    for (JsonNode item : output) {
      if (item.isObject()
          && COMPACTION_ITEM_TYPES.contains(item.path("type").asText(""))
          && item.path("encrypted_content").isTextual()) {
        ObjectNode compaction = MAPPER.createObjectNode();
        compaction.put("type", "compaction");
        if (item.path("id").isTextual()) {
          compaction.set("id", item.get("id"));
        }
        compaction.set("encrypted_content", item.get("encrypted_content"));
        if (item.path("status").isTextual() && !item.path("status").asText().isBlank()) {
          compaction.set("status", item.get("status"));
        }
        return compaction;
      }
    }
    return null;
  }
}
