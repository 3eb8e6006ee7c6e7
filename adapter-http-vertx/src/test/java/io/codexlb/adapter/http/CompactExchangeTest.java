package io.codexlb.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CompactExchangeTest {

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final JsonObject TRIGGER = new JsonObject().put("type", "compaction_trigger");

  private static byte[] bytes(String json) {
    return json.getBytes(StandardCharsets.UTF_8);
  }

  private static JsonObject upstream(String body) throws Exception {
    return new JsonObject(
        new String(CompactExchange.read(bytes(body)).upstreamBody(), StandardCharsets.UTF_8));
  }

  private static ObjectNode node(String json) throws Exception {
    return (ObjectNode) MAPPER.readTree(json);
  }

  @Test
  void aCompactRequestIsAnUnstoredStreamWhoseInputEndsWithOneTrigger() throws Exception {
    Exchange exchange =
        CompactExchange.read(
            bytes(
                "{\"model\":\"gpt-5.1-codex\",\"prompt_cache_key\":\"t-1\",\"stream\":false,"
                    + "\"input\":[{\"type\":\"message\",\"role\":\"user\",\"content\":\"a\"}],"
                    + "\"tools\":[{\"type\":\"namespace\"}],\"tool_choice\":\"auto\","
                    + "\"text\":{\"verbosity\":\"low\"},\"client_metadata\":{\"x\":\"y\"},"
                    + "\"parallel_tool_calls\":true,\"reasoning\":{\"effort\":\"high\"},"
                    + "\"instructions\":\"be brief\",\"x_new_field\":1}"));

    assertThat(exchange.model()).isEqualTo("gpt-5.1-codex");
    assertThat(exchange.promptCacheKey()).isEqualTo(Optional.of("t-1"));
    assertThat(exchange.stream()).as("a compaction is answered as one object").isFalse();
    JsonObject sent = new JsonObject(new String(exchange.upstreamBody(), StandardCharsets.UTF_8));
    assertThat(sent.getBoolean("store")).isFalse();
    assertThat(sent.getBoolean("stream")).isTrue();
    assertThat(sent.getBoolean("parallel_tool_calls")).isFalse();
    assertThat(sent.fieldNames())
        .doesNotContain("tools", "tool_choice", "text", "client_metadata")
        .contains("reasoning", "instructions", "x_new_field", "prompt_cache_key");
    assertThat(sent.getJsonArray("input"))
        .isEqualTo(
            new JsonArray()
                .add(
                    new JsonObject().put("type", "message").put("role", "user").put("content", "a"))
                .add(TRIGGER));
  }

  @Test
  void aTriggerTheClientSentIsMovedToTheEndAndNotRepeated() throws Exception {
    JsonObject sent =
        upstream(
            "{\"model\":\"m\",\"input\":[{\"type\":\"compaction_trigger\"},"
                + "{\"type\":\"message\",\"role\":\"user\",\"content\":\"a\"},"
                + "{\"type\":\"compaction_trigger\"}]}");

    JsonArray input = sent.getJsonArray("input");
    assertThat(input).hasSize(2);
    assertThat(input.getJsonObject(0).getString("type")).isEqualTo("message");
    assertThat(input.getJsonObject(1)).isEqualTo(TRIGGER);
  }

  @Test
  void aTextInputBecomesAUserMessageAndNoInputJustTheTrigger() throws Exception {
    JsonArray text = upstream("{\"model\":\"m\",\"input\":\"hello\"}").getJsonArray("input");
    JsonArray none = upstream("{\"model\":\"m\"}").getJsonArray("input");
    JsonArray item =
        upstream("{\"model\":\"m\",\"input\":{\"type\":\"message\",\"content\":\"x\"}}")
            .getJsonArray("input");

    assertThat(text)
        .isEqualTo(
            new JsonArray(
                "[{\"type\":\"message\",\"role\":\"user\","
                    + "\"content\":[{\"type\":\"input_text\",\"text\":\"hello\"}]},"
                    + "{\"type\":\"compaction_trigger\"}]"));
    assertThat(none).isEqualTo(new JsonArray().add(TRIGGER));
    assertThat(item).hasSize(2);
    assertThat(item.getJsonObject(1)).isEqualTo(TRIGGER);
  }

  @Test
  void aBodyTheResponsesRoutesRefuseIsRefusedToo() {
    assertThatThrownBy(() -> CompactExchange.read(bytes("{\"input\":[]}")))
        .isInstanceOf(ResponsesBody.Invalid.class)
        .hasMessageContaining("model");
    assertThatThrownBy(() -> CompactExchange.read(bytes("[1]")))
        .isInstanceOf(ResponsesBody.Invalid.class);
  }

  @Test
  void theAnswerIsTheCompactionItemWithTheResponsesIdStatusAndUsage() throws Exception {
    ObjectNode response =
        node(
            "{\"id\":\"resp_1\",\"object\":\"response\",\"created_at\":7,\"status\":\"completed\","
                + "\"model\":\"m\",\"service_tier\":null,"
                + "\"output\":[{\"type\":\"reasoning\",\"summary\":[]},"
                + "{\"id\":\"cmp_1\",\"type\":\"compaction_summary\",\"status\":\"completed\","
                + "\"encrypted_content\":\"opaque\",\"extra\":1}],"
                + "\"usage\":{\"input_tokens\":10,\"output_tokens\":2}}");

    ObjectNode answer = CompactExchange.answer(response);

    assertThat(new JsonObject(answer.toString()))
        .isEqualTo(
            new JsonObject(
                "{\"id\":\"resp_1\",\"created_at\":7,\"status\":\"completed\","
                    + "\"usage\":{\"input_tokens\":10,\"output_tokens\":2},"
                    + "\"object\":\"response.compaction\","
                    + "\"output\":[{\"type\":\"compaction\",\"id\":\"cmp_1\","
                    + "\"encrypted_content\":\"opaque\",\"status\":\"completed\"}]}"));
  }

  @Test
  void aResponseWithoutACompactionItemIsAnsweredAsUpstreamSentIt() throws Exception {
    ObjectNode response =
        node(
            "{\"id\":\"resp_1\",\"object\":\"response\",\"output\":[{\"type\":\"message\"},"
                + "{\"type\":\"compaction\"}]}");

    assertThat(CompactExchange.answer(response)).isSameAs(response);
  }
}
