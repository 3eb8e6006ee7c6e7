package io.codexlb.adapter.http.chat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.codexlb.domain.upstream.UpstreamEvent;
import io.codexlb.domain.upstream.UpstreamFailure;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * One streamed answer's upstream events as {@code chat.completion.chunk} objects, event by event
 * (nothing is held back): text and refusal deltas, tool-call deltas (index, id, name, then the
 * arguments as they come), the chunk with the {@code finish_reason}, the usage chunk when the
 * client asked for it, then {@code [DONE]}. A failure ends the answer with an error chunk and
 * {@code [DONE]}.
 *
 * <p>Stateful and not thread-safe: one per answer, fed in the stream's order.
 */
public final class ChatStream {

  /** The last data line of every answer. */
  public static final String DONE = "[DONE]";

  private final String requestedModel;
  private final boolean includeUsage;
  private final long nowSeconds;
  private final Map<String, ToolCall> toolCalls = new HashMap<>();
  private @Nullable String id;
  private long created;
  private String model;
  private boolean roleSent;

  /** A function call of the answer: its position among the calls, and what was sent of it. */
  private static final class ToolCall {
    final int index;
    boolean argumentsSent;

    ToolCall(int index) {
      this.index = index;
    }
  }

  /**
   * Starts an answer.
   *
   * @param requestedModel the model of the request, until upstream names its own
   * @param includeUsage whether the client asked for the usage chunk
   * @param nowSeconds the Unix time, for {@code created} until upstream gives its own
   */
  public ChatStream(String requestedModel, boolean includeUsage, long nowSeconds) {
    this.requestedModel = requestedModel;
    this.includeUsage = includeUsage;
    this.nowSeconds = nowSeconds;
    this.created = nowSeconds;
    this.model = requestedModel;
  }

  /**
   * The data lines an event becomes, in order; most events become none or one.
   *
   * @param event the next upstream event
   * @return the JSON of each chunk (and {@link #DONE} after the terminal event)
   */
  public List<String> chunks(UpstreamEvent event) {
    if (event instanceof UpstreamEvent.Failed failed) {
      return List.of(error(failed.failure()), DONE);
    }
    String type = event.type();
    if (!(event instanceof UpstreamEvent.Completed)
        && !"response.created".equals(type)
        && !type.endsWith(".delta")
        && !type.startsWith("response.output_item.")) {
      return List.of(); // nothing for the client, and not worth parsing
    }
    JsonNode data = ChatJson.parse(event.data()).orElseGet(ChatJson::object);
    if (event instanceof UpstreamEvent.Completed) {
      return finish(data.path("response"));
    }
    switch (type) {
      case "response.created" -> {
        started(data.path("response"));
        return List.of();
      }
      case "response.output_text.delta" -> {
        return one(delta().put("content", data.path("delta").asText("")));
      }
      case "response.refusal.delta" -> {
        return one(delta().put("refusal", data.path("delta").asText("")));
      }
      case "response.function_call_arguments.delta" -> {
        return arguments(data);
      }
      case "response.output_item.added", "response.output_item.done" -> {
        return item(data.path("item"), "response.output_item.done".equals(type));
      }
      default -> {
        return List.of();
      }
    }
  }

  private void started(JsonNode response) {
    if (id == null && response.path("id").isTextual()) {
      id = ChatCompletions.id(response.path("id").asText());
    }
    created = response.path("created_at").asLong(nowSeconds);
    model = response.path("model").asText(requestedModel);
  }

  private List<String> item(JsonNode item, boolean done) {
    if (!"function_call".equals(item.path("type").asText())) {
      return List.of();
    }
    String itemId = item.path("id").asText(item.path("call_id").asText(""));
    ToolCall call = toolCalls.get(itemId);
    List<String> chunks = new ArrayList<>(2);
    if (call == null) {
      call = new ToolCall(toolCalls.size());
      toolCalls.put(itemId, call);
      ObjectNode start = toolCall(call);
      start.put("id", item.path("call_id").asText("")).put("type", "function");
      start.putObject("function").put("name", item.path("name").asText("")).put("arguments", "");
      chunks.add(toolCallChunk(start));
    }
    String arguments = item.path("arguments").asText("");
    if (done && !call.argumentsSent && !arguments.isEmpty()) {
      // Upstream sent the arguments whole, without deltas.
      call.argumentsSent = true;
      ObjectNode rest = toolCall(call);
      rest.putObject("function").put("arguments", arguments);
      chunks.add(toolCallChunk(rest));
    }
    return chunks;
  }

  private List<String> arguments(JsonNode data) {
    ToolCall call = toolCalls.get(data.path("item_id").asText(""));
    if (call == null) {
      return List.of(); // arguments of a call never announced: nothing to attach them to
    }
    call.argumentsSent = true;
    ObjectNode delta = toolCall(call);
    delta.putObject("function").put("arguments", data.path("delta").asText(""));
    return List.of(toolCallChunk(delta));
  }

  private ObjectNode toolCall(ToolCall call) {
    return ChatJson.object().put("index", call.index);
  }

  /** A chunk whose delta carries {@code toolCall} as its one tool call. */
  private String toolCallChunk(ObjectNode toolCall) {
    ObjectNode delta = delta();
    delta.putArray("tool_calls").add(toolCall);
    return one(delta).get(0);
  }

  private List<String> finish(JsonNode response) {
    List<String> chunks = new ArrayList<>(3);
    ObjectNode delta = delta();
    ObjectNode last = envelope();
    ObjectNode choice = last.putArray("choices").addObject().put("index", 0);
    choice.set("delta", delta);
    choice.put("finish_reason", ChatCompletions.finishReason(response, !toolCalls.isEmpty()));
    chunks.add(ChatJson.text(last));
    if (includeUsage) {
      ChatCompletions.usage(response.path("usage"))
          .ifPresent(
              usage -> {
                ObjectNode usageChunk = envelope();
                usageChunk.putArray("choices");
                usageChunk.set("usage", usage);
                chunks.add(ChatJson.text(usageChunk));
              });
    }
    chunks.add(DONE);
    return chunks;
  }

  /** A fresh delta; the first of the answer carries the role. */
  private ObjectNode delta() {
    ObjectNode delta = ChatJson.object();
    if (!roleSent) {
      roleSent = true;
      delta.put("role", "assistant");
    }
    return delta;
  }

  private List<String> one(ObjectNode delta) {
    ObjectNode chunk = envelope();
    ObjectNode choice = chunk.putArray("choices").addObject().put("index", 0);
    choice.set("delta", delta);
    choice.putNull("finish_reason");
    return List.of(ChatJson.text(chunk));
  }

  private ObjectNode envelope() {
    if (id == null) {
      // No response.created before content: still one id for the whole answer.
      id = ChatCompletions.id("codexlb-" + UUID.randomUUID());
    }
    return ChatJson.object()
        .put("id", id)
        .put("object", "chat.completion.chunk")
        .put("created", created)
        .put("model", model);
  }

  private static String error(UpstreamFailure failure) {
    ObjectNode chunk = ChatJson.object();
    chunk
        .putObject("error")
        .put("message", failure.message())
        .put(
            "type",
            failure instanceof UpstreamFailure.Rejected ? "invalid_request_error" : "server_error")
        .put("code", failure.code());
    return ChatJson.text(chunk);
  }
}
