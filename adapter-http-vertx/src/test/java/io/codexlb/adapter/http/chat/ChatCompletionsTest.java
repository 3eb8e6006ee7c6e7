package io.codexlb.adapter.http.chat;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

class ChatCompletionsTest {

  private static JsonObject translate(String response) {
    JsonNode node = ChatJson.parse(response).orElseThrow();
    return new JsonObject(ChatJson.text(ChatCompletions.fromResponse(node, "gpt-5.2", 42)));
  }

  @Test
  void aTextAnswerBecomesOneChatCompletionWithUsage() {
    JsonObject completion =
        translate(
            "{\"id\":\"resp_1\",\"object\":\"response\",\"created_at\":1700000000,\"model\":\"gpt-5.2-codex\","
                + "\"status\":\"completed\",\"output\":[{\"type\":\"reasoning\",\"summary\":[]},"
                + "{\"type\":\"message\",\"role\":\"assistant\",\"content\":["
                + "{\"type\":\"output_text\",\"text\":\"Hello \"},{\"type\":\"output_text\",\"text\":\"world\"}]}],"
                + "\"usage\":{\"input_tokens\":12,\"input_tokens_details\":{\"cached_tokens\":2},"
                + "\"output_tokens\":5,\"output_tokens_details\":{\"reasoning_tokens\":1},\"total_tokens\":17}}");

    assertThat(completion)
        .isEqualTo(
            new JsonObject(
                "{\"id\":\"chatcmpl-resp_1\",\"object\":\"chat.completion\",\"created\":1700000000,"
                    + "\"model\":\"gpt-5.2-codex\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\","
                    + "\"content\":\"Hello world\",\"refusal\":null},\"finish_reason\":\"stop\",\"logprobs\":null}],"
                    + "\"usage\":{\"prompt_tokens\":12,\"completion_tokens\":5,\"total_tokens\":17,"
                    + "\"prompt_tokens_details\":{\"cached_tokens\":2},"
                    + "\"completion_tokens_details\":{\"reasoning_tokens\":1}}}"));
  }

  @Test
  void functionCallsBecomeToolCallsWithNullContent() {
    JsonObject completion =
        translate(
            "{\"id\":\"resp_1\",\"status\":\"completed\",\"output\":[{\"type\":\"function_call\","
                + "\"id\":\"fc_1\",\"call_id\":\"call_1\",\"name\":\"weather\",\"arguments\":\"{}\"}]}");

    JsonObject choice = completion.getJsonArray("choices").getJsonObject(0);
    assertThat(choice.getString("finish_reason")).isEqualTo("tool_calls");
    assertThat(choice.getJsonObject("message").getValue("content")).isNull();
    assertThat(choice.getJsonObject("message").getJsonArray("tool_calls").getJsonObject(0))
        .isEqualTo(
            new JsonObject(
                "{\"id\":\"call_1\",\"type\":\"function\","
                    + "\"function\":{\"name\":\"weather\",\"arguments\":\"{}\"}}"));
  }

  @Test
  void aRefusalIsTheMessagesRefusal() {
    JsonObject message =
        translate(
                "{\"id\":\"r\",\"output\":[{\"type\":\"message\",\"content\":["
                    + "{\"type\":\"refusal\",\"refusal\":\"I can't.\"}]}]}")
            .getJsonArray("choices")
            .getJsonObject(0)
            .getJsonObject("message");

    assertThat(message.getString("refusal")).isEqualTo("I can't.");
    assertThat(message.getString("content")).isEmpty();
  }

  @Test
  void anIncompleteResponseFinishesWithLength() {
    JsonObject completion =
        translate(
            "{\"id\":\"r\",\"status\":\"incomplete\",\"incomplete_details\":{\"reason\":\"max_output_tokens\"},"
                + "\"output\":[]}");

    assertThat(completion.getJsonArray("choices").getJsonObject(0).getString("finish_reason"))
        .isEqualTo("length");
  }

  @Test
  void withoutModelCreatedOrUsageTheRequestsModelAndNowAreUsedAndUsageIsLeftOut() {
    JsonObject completion = translate("{\"id\":\"r\",\"output\":[]}");

    assertThat(completion.getString("model")).isEqualTo("gpt-5.2");
    assertThat(completion.getLong("created")).isEqualTo(42L);
    assertThat(completion.containsKey("usage")).isFalse();
  }
}
