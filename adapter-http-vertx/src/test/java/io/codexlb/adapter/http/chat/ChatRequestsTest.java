package io.codexlb.adapter.http.chat;

import static org.assertj.core.api.Assertions.assertThat;

import io.codexlb.port.in.ProxyResponsesCommand;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ChatRequestsTest {

  private static ChatRequest translate(String json) {
    ChatTranslation translation = ChatRequests.translate(json.getBytes(StandardCharsets.UTF_8));
    assertThat(translation).isInstanceOf(ChatTranslation.Translated.class);
    return ((ChatTranslation.Translated) translation).request();
  }

  private static JsonObject body(String json) {
    return new JsonObject(new String(translate(json).responsesBody(), StandardCharsets.UTF_8));
  }

  private static String rejected(String json) {
    ChatTranslation translation = ChatRequests.translate(json.getBytes(StandardCharsets.UTF_8));
    assertThat(translation).isInstanceOf(ChatTranslation.Rejected.class);
    return ((ChatTranslation.Rejected) translation).message();
  }

  @Test
  void systemAndDeveloperMessagesBecomeNewlineJoinedInstructions() {
    JsonObject body =
        body(
            "{\"model\":\"gpt-5.2\",\"messages\":["
                + "{\"role\":\"system\",\"content\":\"Be brief.\"},"
                + "{\"role\":\"developer\",\"content\":[{\"type\":\"text\",\"text\":\"Use French.\"}]},"
                + "{\"role\":\"user\",\"content\":\"Hi\"}]}");

    assertThat(body.getString("instructions")).isEqualTo("Be brief.\nUse French.");
    assertThat(body.getJsonArray("input"))
        .isEqualTo(
            new JsonArray(
                "[{\"type\":\"message\",\"role\":\"user\","
                    + "\"content\":[{\"type\":\"input_text\",\"text\":\"Hi\"}]}]"));
  }

  @Test
  void noSystemMessageMeansNoInstructions() {
    JsonObject body =
        body("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}");

    assertThat(body.containsKey("instructions")).isFalse();
    assertThat(body.getString("model")).isEqualTo("m");
    assertThat(body.getBoolean("stream")).isTrue();
  }

  @Test
  void multiPartUserContentBecomesInputTextAndInputImage() {
    JsonObject body =
        body(
            "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":["
                + "{\"type\":\"text\",\"text\":\"What is this?\"},"
                + "{\"type\":\"image_url\",\"image_url\":{\"url\":\"https://x/cat.png\",\"detail\":\"low\"}},"
                + "{\"type\":\"image_url\",\"image_url\":{\"url\":\"data:image/png;base64,AAAA\"}}]}]}");

    assertThat(body.getJsonArray("input").getJsonObject(0).getJsonArray("content"))
        .isEqualTo(
            new JsonArray(
                "[{\"type\":\"input_text\",\"text\":\"What is this?\"},"
                    + "{\"type\":\"input_image\",\"image_url\":\"https://x/cat.png\",\"detail\":\"low\"},"
                    + "{\"type\":\"input_image\",\"image_url\":\"data:image/png;base64,AAAA\","
                    + "\"detail\":\"auto\"}]"));
  }

  @Test
  void assistantTextToolCallsAndToolResultsBecomeMessagesFunctionCallsAndOutputs() {
    JsonObject body =
        body(
            "{\"model\":\"m\",\"messages\":["
                + "{\"role\":\"user\",\"content\":\"Weather in Paris?\"},"
                + "{\"role\":\"assistant\",\"content\":\"Checking.\",\"tool_calls\":[{\"id\":\"call_1\","
                + "\"type\":\"function\",\"function\":{\"name\":\"weather\",\"arguments\":\"{\\\"city\\\":\\\"Paris\\\"}\"}}]},"
                + "{\"role\":\"tool\",\"tool_call_id\":\"call_1\",\"content\":\"18C\"},"
                + "{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"id\":\"call_2\","
                + "\"type\":\"function\",\"function\":{\"name\":\"noop\",\"arguments\":\"{}\"}}]}]}");

    JsonArray input = body.getJsonArray("input");
    assertThat(input.getJsonObject(1))
        .isEqualTo(
            new JsonObject(
                "{\"type\":\"message\",\"role\":\"assistant\","
                    + "\"content\":[{\"type\":\"output_text\",\"text\":\"Checking.\"}]}"));
    assertThat(input.getJsonObject(2))
        .isEqualTo(
            new JsonObject(
                "{\"type\":\"function_call\",\"call_id\":\"call_1\",\"name\":\"weather\","
                    + "\"arguments\":\"{\\\"city\\\":\\\"Paris\\\"}\"}"));
    assertThat(input.getJsonObject(3))
        .isEqualTo(
            new JsonObject(
                "{\"type\":\"function_call_output\",\"call_id\":\"call_1\",\"output\":\"18C\"}"));
    assertThat(input.getJsonObject(4).getString("type")).isEqualTo("function_call");
    assertThat(input).hasSize(5);
  }

  @Test
  void functionToolsAreFlattenedAndToolChoiceTranslated() {
    JsonObject body =
        body(
            "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}],\"tools\":[{\"type\":\"function\",\"function\":"
                + "{\"name\":\"weather\",\"description\":\"Get it\",\"parameters\":{\"type\":\"object\"},"
                + "\"strict\":true}},{\"type\":\"web_search_preview\"}],"
                + "\"tool_choice\":{\"type\":\"function\",\"function\":{\"name\":\"weather\"}},"
                + "\"parallel_tool_calls\":false}");

    assertThat(body.getJsonArray("tools"))
        .isEqualTo(
            new JsonArray(
                "[{\"type\":\"function\",\"name\":\"weather\",\"description\":\"Get it\","
                    + "\"parameters\":{\"type\":\"object\"},\"strict\":true},{\"type\":\"web_search\"}]"));
    assertThat(body.getJsonObject("tool_choice"))
        .isEqualTo(new JsonObject("{\"type\":\"function\",\"name\":\"weather\"}"));
    assertThat(body.getBoolean("parallel_tool_calls")).isFalse();
  }

  @Test
  void aStringToolChoicePassesAsItIs() {
    assertThat(
            body("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}],\"tool_choice\":\"required\"}")
                .getString("tool_choice"))
        .isEqualTo("required");
  }

  @Test
  void responseFormatsBecomeTextFormat() {
    assertThat(
            body("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}],\"response_format\":{\"type\":\"json_object\"}}")
                .getJsonObject("text"))
        .isEqualTo(new JsonObject("{\"format\":{\"type\":\"json_object\"}}"));
    assertThat(
            body("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}],\"response_format\":{\"type\":\"json_schema\","
                    + "\"json_schema\":{\"name\":\"person\",\"schema\":{\"type\":\"object\"},\"strict\":true}}}")
                .getJsonObject("text"))
        .isEqualTo(
            new JsonObject(
                "{\"format\":{\"type\":\"json_schema\",\"name\":\"person\","
                    + "\"schema\":{\"type\":\"object\"},\"strict\":true}}"));
  }

  @Test
  void reasoningEffortBecomesReasoningEffort() {
    assertThat(
            body("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}],\"reasoning_effort\":\"high\"}")
                .getJsonObject("reasoning"))
        .isEqualTo(new JsonObject("{\"effort\":\"high\"}"));
  }

  @Test
  void streamIncludeUsageAndPromptCacheKeyAreRead() {
    ChatRequest request =
        translate(
            "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}],\"stream\":true,"
                + "\"stream_options\":{\"include_usage\":true},\"prompt_cache_key\":\"s-1\"}");

    assertThat(request.stream()).isTrue();
    assertThat(request.includeUsage()).isTrue();
    assertThat(request.promptCacheKey()).contains("s-1");
    assertThat(request.model()).isEqualTo("m");
    assertThat(
            body("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}],\"prompt_cache_key\":\"s-1\"}")
                .getString("prompt_cache_key"))
        .isEqualTo("s-1");
  }

  @Test
  void fieldsWithoutAResponsesEquivalentAreDropped() {
    JsonObject body =
        body(
            "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}],\"max_tokens\":10,\"max_completion_tokens\":20,"
                + "\"temperature\":0.2,\"top_p\":1,\"n\":1,\"store\":true,\"user\":\"u\","
                + "\"stream_options\":{\"include_usage\":true},\"logit_bias\":{},\"seed\":1}");

    assertThat(body.fieldNames()).containsExactlyInAnyOrder("model", "input", "stream");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "''                                               | Request body is empty",
        "{\"model\":                                      | Invalid JSON body",
        "[1]                                              | must be a JSON object",
        "{\"messages\":[]}                                | Missing required field: model",
        "{\"model\":\"m\"}                                | Missing required field: messages",
        "{\"model\":\"m\",\"messages\":{}}               | messages: an object (expected: an array",
        "{\"model\":\"m\",\"messages\":[],\"n\":2}       | n: 2 (expected: 1",
        "{\"model\":\"m\",\"messages\":[],\"stream\":1}  | stream: 1 (expected: true or false)",
        "{\"model\":\"m\",\"messages\":[{\"role\":\"bot\"}]} | messages[0].role: \"bot\" (expected: system",
        "{\"model\":\"m\",\"messages\":[{\"role\":\"tool\",\"content\":\"x\"}]} | messages[0].tool_call_id: missing",
        "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"file\"}]}]} | messages[0].content[0].type: \"file\" (expected: text or image_url)",
        "{\"model\":\"m\",\"messages\":[],\"response_format\":{\"type\":\"yaml\"}} | response_format.type: \"yaml\"",
        "{\"model\":\"m\",\"messages\":[],\"tools\":[{\"type\":\"computer\"}]} | tools[0].type: \"computer\"",
      })
  void badBodiesAreRejectedNamingTheField(String json, String message) {
    assertThat(rejected(json)).contains(message);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "{\"model\":\"m\",\"messages\":[]}               | messages: [] (expected: at least one message)",
        "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]} garbage | unexpected content after the object",
        "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]} {}      | unexpected content after the object",
        "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}]       | unexpected content after the object",
      })
  void anEmptyConversationOrContentAfterTheObjectIsRefusedNamingTheProblem(
      String json, String message) {
    assertThat(rejected(json)).contains(message);
  }

  @Test
  void trailingWhitespaceIsNotContent() {
    assertThat(
            translate(
                    "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]} \r\n")
                .model())
        .isEqualTo("m");
  }

  @Test
  void aModelOrPromptCacheKeyLongerThanTheProxyKeepsIsRefusedNamingTheField() {
    String messages = "\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]";
    String longModel = "m".repeat(ProxyResponsesCommand.MAX_MODEL_LENGTH + 1);
    String longKey = "k".repeat(ProxyResponsesCommand.MAX_SESSION_KEY_LENGTH + 1);

    assertThat(rejected("{\"model\":\"" + longModel + "\"," + messages + "}"))
        .startsWith("model: ")
        .contains("at most " + ProxyResponsesCommand.MAX_MODEL_LENGTH + " characters")
        .doesNotContain(longModel);
    assertThat(
            rejected("{\"model\":\"m\",\"prompt_cache_key\":\"" + longKey + "\"," + messages + "}"))
        .startsWith("prompt_cache_key: ")
        .contains("at most " + ProxyResponsesCommand.MAX_SESSION_KEY_LENGTH + " characters");
    String longest = "m".repeat(ProxyResponsesCommand.MAX_MODEL_LENGTH);
    assertThat(translate("{\"model\":\"" + longest + "\"," + messages + "}").model())
        .isEqualTo(longest);
  }

  @Test
  void aLongValueIsNotEchoedInTheMessage() {
    String secret = "s".repeat(100);

    assertThat(rejected("{\"model\":\"m\",\"messages\":[{\"role\":\"" + secret + "\"}]}"))
        .doesNotContain(secret)
        .contains("a string of 100 chars");
  }

  @Test
  void responsesBodiesWithMessagesGetInputAndKeepTheirOtherFields() {
    ChatTranslation translation =
        ChatRequests.fromResponsesMessages(
            ("{\"model\":\"m\",\"instructions\":\"Base.\",\"stream\":true,\"max_output_tokens\":5,"
                    + "\"messages\":[{\"role\":\"system\",\"content\":\"Extra.\"},"
                    + "{\"role\":\"user\",\"content\":\"Hi\"}]}")
                .getBytes(StandardCharsets.UTF_8));

    ChatRequest request = ((ChatTranslation.Translated) translation).request();
    JsonObject body = new JsonObject(new String(request.responsesBody(), StandardCharsets.UTF_8));
    assertThat(body.getString("instructions")).isEqualTo("Base.\nExtra.");
    assertThat(body.containsKey("messages")).isFalse();
    assertThat(body.getJsonArray("input")).hasSize(1);
    assertThat(body.getInteger("max_output_tokens")).isEqualTo(5);
    assertThat(request.stream()).isTrue();
    assertThat(request.includeUsage()).isFalse();
  }
}
