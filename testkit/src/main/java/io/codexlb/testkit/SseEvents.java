package io.codexlb.testkit;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The SSE events of one scripted Responses stream, in the order the ChatGPT backend sends them.
 * Each event is one {@code event: <type>} / {@code data: <json>} block; {@code sequence_number}
 * counts from 0 across the stream.
 */
final class SseEvents {

  private final String responseId;
  private final String itemId;
  private final String compactionId;
  private final String model;
  private final long createdAt;
  private int sequence;

  SseEvents(long serial, String model, Instant now) {
    this.responseId = "resp_fake_" + serial;
    this.itemId = "msg_fake_" + serial;
    this.compactionId = "cmp_fake_" + serial;
    this.model = model;
    this.createdAt = now.getEpochSecond();
  }

  /** Splits {@code text} into at most {@code count} non-empty pieces of near-equal length. */
  static List<String> split(String text, int count) {
    int[] codePoints = text.codePoints().toArray();
    int pieces = Math.max(1, Math.min(count, codePoints.length));
    List<String> result = new ArrayList<>(pieces);
    int start = 0;
    for (int i = 0; i < pieces; i++) {
      int end = start + (codePoints.length - start) / (pieces - i);
      result.add(new String(codePoints, start, end - start));
      start = end;
    }
    return result;
  }

  Buffer created() {
    return event("response.created", new JsonObject().put("response", response("in_progress")));
  }

  Buffer rateLimits(Quota quota, Instant now) {
    return event(
        "codex.rate_limits",
        new JsonObject()
            .put("plan_type", "plus")
            .put(
                "rate_limits",
                new JsonObject()
                    .put("allowed", quota.primaryUsedPercent() < 100)
                    .put(
                        "limit_reached",
                        quota.primaryUsedPercent() >= 100 || quota.secondaryUsedPercent() >= 100)
                    .put(
                        "primary",
                        window(
                            quota.primaryUsedPercent(),
                            quota.primaryWindowMinutes(),
                            quota.primaryResetAfter().toSeconds(),
                            now))
                    .put(
                        "secondary",
                        window(
                            quota.secondaryUsedPercent(),
                            quota.secondaryWindowMinutes(),
                            quota.secondaryResetAfter().toSeconds(),
                            now))));
  }

  Buffer itemAdded() {
    return event(
        "response.output_item.added",
        new JsonObject().put("output_index", 0).put("item", message("in_progress", null)));
  }

  Buffer contentPartAdded() {
    return event("response.content_part.added", inContent().put("part", outputText("")));
  }

  Buffer delta(String piece) {
    return event("response.output_text.delta", inContent().put("delta", piece));
  }

  Buffer textDone(String text) {
    return event("response.output_text.done", inContent().put("text", text));
  }

  Buffer contentPartDone(String text) {
    return event("response.content_part.done", inContent().put("part", outputText(text)));
  }

  Buffer itemDone(String text) {
    return event(
        "response.output_item.done",
        new JsonObject().put("output_index", 0).put("item", message("completed", text)));
  }

  Buffer completed(String text, ScriptedUsage usage) {
    return completed(text, true, List.of(), usage);
  }

  /** The terminal event, its output the message (when there is one) and the function calls. */
  Buffer completed(
      String text, boolean withMessage, List<FunctionCall> calls, ScriptedUsage usage) {
    JsonArray output = new JsonArray();
    if (withMessage) {
      output.add(message("completed", text));
    }
    for (int i = 0; i < calls.size(); i++) {
      output.add(functionCall(i, calls.get(i), "completed", calls.get(i).arguments()));
    }
    JsonObject response = response("completed").put("output", output).put("usage", usage(usage));
    return event("response.completed", new JsonObject().put("response", response));
  }

  /** {@code response.output_item.added} for call number {@code index}, its arguments empty. */
  Buffer functionCallAdded(int outputIndex, int index, FunctionCall call) {
    return event(
        "response.output_item.added",
        new JsonObject()
            .put("output_index", outputIndex)
            .put("item", functionCall(index, call, "in_progress", "")));
  }

  Buffer argumentsDelta(int outputIndex, int index, String piece) {
    return arguments("response.function_call_arguments.delta", outputIndex, index, "delta", piece);
  }

  Buffer argumentsDone(int outputIndex, int index, FunctionCall call) {
    return arguments(
        "response.function_call_arguments.done", outputIndex, index, "arguments", call.arguments());
  }

  private Buffer arguments(String type, int outputIndex, int index, String field, String value) {
    return event(
        type,
        new JsonObject()
            .put("item_id", callItemId(index))
            .put("output_index", outputIndex)
            .put(field, value));
  }

  Buffer functionCallDone(int outputIndex, int index, FunctionCall call) {
    return event(
        "response.output_item.done",
        new JsonObject()
            .put("output_index", outputIndex)
            .put("item", functionCall(index, call, "completed", call.arguments())));
  }

  private String callItemId(int index) {
    return itemId.replace("msg_", "fc_") + "_" + index;
  }

  private JsonObject functionCall(int index, FunctionCall call, String status, String arguments) {
    return new JsonObject()
        .put("id", callItemId(index))
        .put("type", "function_call")
        .put("status", status)
        .put("call_id", call.callId())
        .put("name", call.name())
        .put("arguments", arguments);
  }

  /** {@code response.output_item.added} for a compaction, its content not yet known. */
  Buffer compactionAdded() {
    return event(
        "response.output_item.added",
        new JsonObject()
            .put("output_index", 0)
            .put(
                "item",
                new JsonObject()
                    .put("id", compactionId)
                    .put("type", "compaction")
                    .put("status", "in_progress")));
  }

  /** {@code response.output_item.done} for the compaction, with its opaque content. */
  Buffer compactionDone() {
    return event(
        "response.output_item.done",
        new JsonObject().put("output_index", 0).put("item", compaction()));
  }

  /** The terminal event of a compaction: its output the one compaction item. */
  Buffer compactionCompleted(ScriptedUsage usage) {
    JsonObject response =
        response("completed")
            .put("output", new JsonArray().add(compaction()))
            .put("usage", usage(usage));
    return event("response.completed", new JsonObject().put("response", response));
  }

  /**
   * The compaction item: {@code encrypted_content} is opaque upstream; here it is {@value
   * #COMPACTION_CONTENT_PREFIX} and the response's serial, so a test can recognize it.
   */
  private JsonObject compaction() {
    return new JsonObject()
        .put("id", compactionId)
        .put("type", "compaction")
        .put("encrypted_content", COMPACTION_CONTENT_PREFIX + responseId);
  }

  /** How the fake's compaction items' {@code encrypted_content} starts. */
  static final String COMPACTION_CONTENT_PREFIX = "fake-compaction:";

  Buffer overloaded() {
    JsonObject error =
        new JsonObject()
            .put("code", "server_is_overloaded")
            .put("message", "Our servers are currently overloaded. Please try again later.");
    return event(
        "response.failed",
        new JsonObject().put("response", response("failed").put("error", error)));
  }

  // Where text events point: the one content part of the one output item.
  private JsonObject inContent() {
    return new JsonObject().put("item_id", itemId).put("output_index", 0).put("content_index", 0);
  }

  private JsonObject response(String status) {
    return new JsonObject()
        .put("id", responseId)
        .put("object", "response")
        .put("created_at", createdAt)
        .put("status", status)
        .put("model", model)
        .put("output", new JsonArray());
  }

  private JsonObject message(String status, String text) {
    JsonArray content = new JsonArray();
    if (text != null) {
      content.add(outputText(text));
    }
    return new JsonObject()
        .put("id", itemId)
        .put("type", "message")
        .put("status", status)
        .put("role", "assistant")
        .put("content", content);
  }

  private static JsonObject outputText(String text) {
    return new JsonObject()
        .put("type", "output_text")
        .put("text", text)
        .put("annotations", new JsonArray());
  }

  private static JsonObject usage(ScriptedUsage usage) {
    return new JsonObject()
        .put("input_tokens", usage.inputTokens())
        .put("input_tokens_details", new JsonObject().put("cached_tokens", usage.cachedTokens()))
        .put("output_tokens", usage.outputTokens())
        .put(
            "output_tokens_details",
            new JsonObject().put("reasoning_tokens", usage.reasoningTokens()))
        .put("total_tokens", usage.totalTokens());
  }

  private static JsonObject window(
      double usedPercent, int windowMinutes, long resetAfterSeconds, Instant now) {
    return new JsonObject()
        .put("used_percent", usedPercent)
        .put("window_minutes", windowMinutes)
        .put("reset_after_seconds", resetAfterSeconds)
        .put("reset_at", now.getEpochSecond() + resetAfterSeconds);
  }

  private Buffer event(String type, JsonObject fields) {
    JsonObject data = new JsonObject().put("type", type).put("sequence_number", sequence++);
    data.mergeIn(fields);
    return Buffer.buffer("event: " + type + "\ndata: " + data.encode() + "\n\n");
  }
}
