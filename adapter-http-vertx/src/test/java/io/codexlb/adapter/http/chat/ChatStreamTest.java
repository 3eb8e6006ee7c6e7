package io.codexlb.adapter.http.chat;

import static org.assertj.core.api.Assertions.assertThat;

import io.codexlb.domain.upstream.UpstreamEvent;
import io.codexlb.domain.upstream.UpstreamFailure;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ChatStreamTest {

  private static final String CREATED =
      "{\"response\":{\"id\":\"resp_1\",\"created_at\":1700000000,\"model\":\"gpt-5.2-codex\"}}";
  private static final String USAGE =
      "{\"input_tokens\":12,\"input_tokens_details\":{\"cached_tokens\":2},"
          + "\"output_tokens\":5,\"output_tokens_details\":{\"reasoning_tokens\":1},\"total_tokens\":17}";

  private final ChatStream stream = new ChatStream("gpt-5.2", false, 42);

  private static UpstreamEvent passed(String type, String data) {
    return new UpstreamEvent.Passed(type, data);
  }

  private static UpstreamEvent completed(String response) {
    return new UpstreamEvent.Completed(
        "response.completed", "{\"response\":" + response + "}", Optional.empty());
  }

  private static List<JsonObject> json(List<String> chunks) {
    List<JsonObject> objects = new ArrayList<>();
    for (String chunk : chunks) {
      if (!ChatStream.DONE.equals(chunk)) {
        objects.add(new JsonObject(chunk));
      }
    }
    return objects;
  }

  private static JsonObject delta(String chunk) {
    return new JsonObject(chunk).getJsonArray("choices").getJsonObject(0).getJsonObject("delta");
  }

  @Test
  void theCreatedEventBecomesNothingButGivesTheIdCreatedAndModel() {
    assertThat(stream.chunks(passed("response.created", CREATED))).isEmpty();

    JsonObject chunk =
        new JsonObject(
            stream.chunks(passed("response.output_text.delta", "{\"delta\":\"Hel\"}")).get(0));
    assertThat(chunk.getString("id")).isEqualTo("chatcmpl-resp_1");
    assertThat(chunk.getString("object")).isEqualTo("chat.completion.chunk");
    assertThat(chunk.getLong("created")).isEqualTo(1700000000L);
    assertThat(chunk.getString("model")).isEqualTo("gpt-5.2-codex");
  }

  @Test
  void theFirstDeltaCarriesTheRoleAndEveryTextDeltaIsOneChunkAtOnce() {
    stream.chunks(passed("response.created", CREATED));

    List<String> first = stream.chunks(passed("response.output_text.delta", "{\"delta\":\"Hel\"}"));
    List<String> second = stream.chunks(passed("response.output_text.delta", "{\"delta\":\"lo\"}"));

    assertThat(first).hasSize(1);
    assertThat(delta(first.get(0)))
        .isEqualTo(new JsonObject("{\"role\":\"assistant\",\"content\":\"Hel\"}"));
    assertThat(delta(second.get(0))).isEqualTo(new JsonObject("{\"content\":\"lo\"}"));
    assertThat(new JsonObject(second.get(0)).getJsonArray("choices").getJsonObject(0))
        .isEqualTo(
            new JsonObject("{\"index\":0,\"delta\":{\"content\":\"lo\"},\"finish_reason\":null}"));
  }

  @Test
  void eventsWithoutContentForTheClientBecomeNothing() {
    assertThat(stream.chunks(passed("codex.rate_limits", "{}"))).isEmpty();
    assertThat(stream.chunks(passed("response.content_part.added", "{}"))).isEmpty();
    assertThat(stream.chunks(passed("response.output_text.done", "{\"text\":\"x\"}"))).isEmpty();
    assertThat(
            stream.chunks(
                passed("response.output_item.added", "{\"item\":{\"type\":\"message\"}}")))
        .isEmpty();
  }

  @Test
  void refusalDeltasBecomeRefusal() {
    assertThat(delta(stream.chunks(passed("response.refusal.delta", "{\"delta\":\"No.\"}")).get(0)))
        .isEqualTo(new JsonObject("{\"role\":\"assistant\",\"refusal\":\"No.\"}"));
  }

  @Test
  void functionCallsBecomeToolCallDeltasWithIndexIdNameThenArguments() {
    stream.chunks(passed("response.created", CREATED));
    String item =
        "{\"type\":\"function_call\",\"id\":\"fc_1\",\"call_id\":\"call_1\",\"name\":\"weather\",\"arguments\":\"\"}";

    List<String> added =
        stream.chunks(passed("response.output_item.added", "{\"item\":" + item + "}"));
    List<String> args =
        stream.chunks(
            passed(
                "response.function_call_arguments.delta",
                "{\"item_id\":\"fc_1\",\"delta\":\"{\\\"city\\\":\"}"));
    List<String> done =
        stream.chunks(
            passed(
                "response.output_item.done",
                "{\"item\":" + item.replace("\"arguments\":\"\"", "\"arguments\":\"{}\"") + "}"));
    List<String> second =
        stream.chunks(
            passed(
                "response.output_item.added",
                "{\"item\":{\"type\":\"function_call\",\"id\":\"fc_2\",\"call_id\":\"call_2\","
                    + "\"name\":\"time\"}}"));
    List<String> end = stream.chunks(completed("{\"status\":\"completed\"}"));

    assertThat(delta(added.get(0)))
        .isEqualTo(
            new JsonObject(
                "{\"role\":\"assistant\",\"tool_calls\":[{\"index\":0,\"id\":\"call_1\","
                    + "\"type\":\"function\",\"function\":{\"name\":\"weather\",\"arguments\":\"\"}}]}"));
    assertThat(delta(args.get(0)))
        .isEqualTo(
            new JsonObject(
                "{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"{\\\"city\\\":\"}}]}"));
    assertThat(done).as("arguments already streamed are not sent again").isEmpty();
    assertThat(delta(second.get(0)).getJsonArray("tool_calls").getJsonObject(0).getInteger("index"))
        .isEqualTo(1);
    assertThat(
            new JsonObject(end.get(0))
                .getJsonArray("choices")
                .getJsonObject(0)
                .getString("finish_reason"))
        .isEqualTo("tool_calls");
  }

  @Test
  void aFunctionCallWhoseArgumentsCameOnlyWhenDoneGetsThemThen() {
    List<String> chunks =
        stream.chunks(
            passed(
                "response.output_item.done",
                "{\"item\":{\"type\":\"function_call\",\"id\":\"fc_1\",\"call_id\":\"call_1\","
                    + "\"name\":\"weather\",\"arguments\":\"{}\"}}"));

    assertThat(chunks).hasSize(2);
    assertThat(delta(chunks.get(1)))
        .isEqualTo(
            new JsonObject("{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"{}\"}}]}"));
  }

  @Test
  void completionEndsWithAFinishReasonChunkThenDone() {
    stream.chunks(passed("response.created", CREATED));
    stream.chunks(passed("response.output_text.delta", "{\"delta\":\"Hi\"}"));

    List<String> end =
        stream.chunks(completed("{\"status\":\"completed\",\"usage\":" + USAGE + "}"));

    assertThat(end).hasSize(2).last().isEqualTo("[DONE]");
    assertThat(new JsonObject(end.get(0)).getJsonArray("choices").getJsonObject(0))
        .isEqualTo(new JsonObject("{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}"));
    assertThat(new JsonObject(end.get(0)).getString("id")).isEqualTo("chatcmpl-resp_1");
  }

  @Test
  void anAnswerWithoutContentStillSendsTheRoleOnce() {
    List<String> end = stream.chunks(completed("{\"status\":\"completed\"}"));

    assertThat(delta(end.get(0))).isEqualTo(new JsonObject("{\"role\":\"assistant\"}"));
  }

  @Test
  void includeUsageAddsAUsageChunkWithNoChoicesBeforeDone() {
    ChatStream withUsage = new ChatStream("gpt-5.2", true, 42);
    withUsage.chunks(passed("response.created", CREATED));

    List<String> end =
        withUsage.chunks(completed("{\"status\":\"completed\",\"usage\":" + USAGE + "}"));

    assertThat(end).hasSize(3).last().isEqualTo("[DONE]");
    JsonObject usage = new JsonObject(end.get(1));
    assertThat(usage.getJsonArray("choices")).isEmpty();
    assertThat(usage.getString("id")).isEqualTo("chatcmpl-resp_1");
    assertThat(usage.getJsonObject("usage"))
        .isEqualTo(
            new JsonObject(
                "{\"prompt_tokens\":12,\"completion_tokens\":5,\"total_tokens\":17,"
                    + "\"prompt_tokens_details\":{\"cached_tokens\":2},"
                    + "\"completion_tokens_details\":{\"reasoning_tokens\":1}}"));
  }

  @Test
  void withoutIncludeUsageThereIsNoUsageChunk() {
    List<String> end =
        stream.chunks(completed("{\"status\":\"completed\",\"usage\":" + USAGE + "}"));

    assertThat(json(end)).noneMatch(chunk -> chunk.containsKey("usage"));
  }

  @Test
  void incompleteResponsesFinishWithLengthOrContentFilter() {
    List<String> length =
        new ChatStream("m", false, 0)
            .chunks(
                completed(
                    "{\"status\":\"incomplete\",\"incomplete_details\":{\"reason\":\"max_output_tokens\"}}"));
    List<String> filtered =
        new ChatStream("m", false, 0)
            .chunks(
                completed(
                    "{\"status\":\"incomplete\",\"incomplete_details\":{\"reason\":\"content_filter\"}}"));

    assertThat(
            json(length).get(0).getJsonArray("choices").getJsonObject(0).getString("finish_reason"))
        .isEqualTo("length");
    assertThat(
            json(filtered)
                .get(0)
                .getJsonArray("choices")
                .getJsonObject(0)
                .getString("finish_reason"))
        .isEqualTo("content_filter");
  }

  @Test
  void aFailureBecomesAnErrorChunkThenDone() {
    List<String> chunks =
        stream.chunks(
            new UpstreamEvent.Failed(
                "response.failed",
                "{}",
                new UpstreamFailure.Transient(
                    0, "stream_incomplete", "the response stream failed")));

    assertThat(chunks).hasSize(2).last().isEqualTo("[DONE]");
    assertThat(new JsonObject(chunks.get(0)))
        .isEqualTo(
            new JsonObject(
                "{\"error\":{\"message\":\"the response stream failed\",\"type\":\"server_error\","
                    + "\"code\":\"stream_incomplete\"}}"));
  }

  @Test
  void withoutACreatedEventEveryChunkStillSharesOneIdAndTheRequestedModel() {
    String first = stream.chunks(passed("response.output_text.delta", "{\"delta\":\"a\"}")).get(0);
    String last = stream.chunks(completed("{\"status\":\"completed\"}")).get(0);

    assertThat(new JsonObject(first).getString("id"))
        .startsWith("chatcmpl-")
        .isEqualTo(new JsonObject(last).getString("id"));
    assertThat(new JsonObject(first).getString("model")).isEqualTo("gpt-5.2");
    assertThat(new JsonObject(first).getLong("created")).isEqualTo(42L);
  }
}
