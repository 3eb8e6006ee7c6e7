package io.codexlb.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import io.codexlb.testkit.RecordedRequest;
import io.codexlb.testkit.Script;
import io.codexlb.testkit.ScriptedUsage;
import io.codexlb.testkit.StreamScript;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code POST /v1/chat/completions} end to end: the real server, its SQLite store, the testkit's
 * fake ChatGPT. The data plane underneath is the one of {@code /v1/responses}.
 */
class ChatCompletionsEndToEndTest {

  private static final String CHAT = "/v1/chat/completions";
  private static final String BODY =
      "{\"model\":\"gpt-5.2\",\"messages\":[{\"role\":\"system\",\"content\":\"Be brief.\"},"
          + "{\"role\":\"user\",\"content\":\"Say hello\"}],\"stream\":%s}";
  private static final String STREAM_WITH_USAGE =
      "{\"model\":\"gpt-5.2\",\"messages\":[{\"role\":\"user\",\"content\":\"Say hello\"}],"
          + "\"stream\":true,\"stream_options\":{\"include_usage\":true}}";

  @TempDir Path dataDir;

  private ProxyFixture fixture;

  @AfterEach
  void close() {
    if (fixture != null) {
      fixture.close();
    }
  }

  private ProxyFixture fixture() {
    fixture = new ProxyFixture(dataDir);
    return fixture;
  }

  private static JsonObject error(HttpResponse<String> response) {
    return new JsonObject(response.body()).getJsonObject("error");
  }

  /** The {@code data:} payloads of an SSE body, in order. */
  private static List<String> data(HttpResponse<String> response) {
    return response
        .body()
        .lines()
        .filter(line -> line.startsWith("data: "))
        .map(line -> line.substring(6))
        .toList();
  }

  private static List<JsonObject> chunks(List<String> data) {
    return data.stream().filter(d -> !"[DONE]".equals(d)).map(JsonObject::new).toList();
  }

  private static String content(List<JsonObject> chunks) {
    return chunks.stream()
        .filter(
            chunk -> !chunk.getJsonArray("choices", new io.vertx.core.json.JsonArray()).isEmpty())
        .map(chunk -> chunk.getJsonArray("choices").getJsonObject(0).getJsonObject("delta"))
        .filter(delta -> delta != null && delta.containsKey("content"))
        .map(delta -> delta.getString("content"))
        .collect(Collectors.joining());
  }

  @Test
  void aStreamingChatIsTranslatedForwardedAndStreamedBackAsChunksEndingWithDone() {
    String key = fixture().account("acc-1").key();
    fixture.backend.account("acc-1").respondsWith(Script.text("Hello world").inDeltas(3));
    fixture.start();

    HttpResponse<String> response = fixture.post(CHAT, BODY.formatted("true"), key);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("text/event-stream"));
    assertThat(response.body()).doesNotContain("event:");
    List<String> data = data(response);
    assertThat(data).last().isEqualTo("[DONE]");
    List<JsonObject> chunks = chunks(data);
    assertThat(chunks)
        .extracting(chunk -> chunk.getString("object"))
        .containsOnly("chat.completion.chunk");
    assertThat(chunks)
        .extracting(chunk -> chunk.getString("id"))
        .containsOnly(chunks.get(0).getString("id"));
    assertThat(chunks.get(0).getString("id")).startsWith("chatcmpl-");
    assertThat(
            chunks
                .get(0)
                .getJsonArray("choices")
                .getJsonObject(0)
                .getJsonObject("delta")
                .getString("role"))
        .isEqualTo("assistant");
    assertThat(content(chunks)).isEqualTo("Hello world");
    JsonObject last = chunks.get(chunks.size() - 1);
    assertThat(last.getJsonArray("choices").getJsonObject(0).getString("finish_reason"))
        .isEqualTo("stop");
    assertThat(chunks).noneMatch(chunk -> chunk.containsKey("usage"));

    JsonObject forwarded = fixture.backend.requests().get(0).json();
    assertThat(forwarded.getString("instructions")).isEqualTo("Be brief.");
    assertThat(forwarded.containsKey("messages")).isFalse();
    assertThat(forwarded.getJsonArray("input").getJsonObject(0).getString("role"))
        .isEqualTo("user");
  }

  @Test
  void includeUsageAddsTheUsageChunkBeforeDone() {
    String key = fixture().account("acc-1").key();
    fixture
        .backend
        .account("acc-1")
        .respondsWith(Script.text("Hi").usage(new ScriptedUsage(12, 2, 5, 1)));
    fixture.start();

    List<String> data = data(fixture.post(CHAT, STREAM_WITH_USAGE, key));

    assertThat(data).last().isEqualTo("[DONE]");
    JsonObject usageChunk = new JsonObject(data.get(data.size() - 2));
    assertThat(usageChunk.getJsonArray("choices")).isEmpty();
    assertThat(usageChunk.getJsonObject("usage"))
        .isEqualTo(
            new JsonObject(
                "{\"prompt_tokens\":12,\"completion_tokens\":5,\"total_tokens\":17,"
                    + "\"prompt_tokens_details\":{\"cached_tokens\":2},"
                    + "\"completion_tokens_details\":{\"reasoning_tokens\":1}}"));
  }

  @Test
  void aNonStreamingChatGetsOneChatCompletionWithUsage() {
    String key = fixture().account("acc-1").key();
    fixture.start();

    HttpResponse<String> response = fixture.post(CHAT, BODY.formatted("false"), key);

    assertThat(response.statusCode()).isEqualTo(200);
    JsonObject completion = new JsonObject(response.body());
    assertThat(completion.getString("object")).isEqualTo("chat.completion");
    assertThat(completion.getString("id")).startsWith("chatcmpl-");
    JsonObject choice = completion.getJsonArray("choices").getJsonObject(0);
    assertThat(choice.getJsonObject("message").getString("content"))
        .isEqualTo(StreamScript.DEFAULT_TEXT);
    assertThat(choice.getJsonObject("message").getString("role")).isEqualTo("assistant");
    assertThat(choice.getString("finish_reason")).isEqualTo("stop");
    assertThat(completion.getJsonObject("usage").getInteger("prompt_tokens")).isEqualTo(12);
    assertThat(completion.getJsonObject("usage").getInteger("completion_tokens")).isEqualTo(9);
  }

  @Test
  void errorsBeforeTheStreamHaveTheResponsesStatusesAndEnvelopes() {
    String key = fixture().account("acc-1").key("--allowed-models", "gpt-5.5");
    fixture.start();

    HttpResponse<String> model = fixture.post(CHAT, BODY.formatted("true"), key);
    assertThat(model.statusCode()).isEqualTo(403);
    assertThat(new JsonObject(model.body()))
        .isEqualTo(
            new JsonObject(
                "{\"error\":{\"code\":\"model_not_allowed\","
                    + "\"message\":\"Model 'gpt-5.2' is not allowed for this API key\","
                    + "\"type\":\"invalid_request_error\"}}"));

    HttpResponse<String> noKey = Http.post(fixture.url() + CHAT, BODY.formatted("true"));
    assertThat(noKey.statusCode()).isEqualTo(401);
    assertThat(error(noKey).getString("code")).isEqualTo("invalid_api_key");

    HttpResponse<String> n =
        fixture.post(CHAT, "{\"model\":\"gpt-5.5\",\"messages\":[],\"n\":2}", key);
    assertThat(n.statusCode()).isEqualTo(400);
    assertThat(error(n).getString("type")).isEqualTo("invalid_request_error");
    assertThat(error(n).getString("message")).startsWith("n: 2");

    HttpResponse<String> noMessages = fixture.post(CHAT, "{\"model\":\"gpt-5.5\"}", key);
    assertThat(noMessages.statusCode()).isEqualTo(400);
    assertThat(error(noMessages).getString("message")).contains("messages");

    HttpResponse<String> badJson = fixture.post(CHAT, "{\"model\":", key);
    assertThat(badJson.statusCode()).isEqualTo(400);
    assertThat(fixture.backend.requests()).isEmpty();
  }

  @Test
  void aUsedUpKeyLimitIs429WithRetryAfter() {
    String key = fixture().account("acc-1").key("--limit", "requests:daily:1");
    fixture.start();

    assertThat(fixture.post(CHAT, BODY.formatted("false"), key).statusCode()).isEqualTo(200);
    HttpResponse<String> refused = fixture.post(CHAT, BODY.formatted("true"), key);

    assertThat(refused.statusCode()).isEqualTo(429);
    assertThat(error(refused).getString("code")).isEqualTo("rate_limit_exceeded");
    assertThat(refused.headers().firstValue("Retry-After")).isPresent();
  }

  @Test
  void anOverloadBeforeContentFailsOverAndTheSessionKeyIsForwarded() {
    String key = fixture().account("acc-1").account("acc-2").key();
    fixture.start();
    String body =
        "{\"model\":\"gpt-5.2\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],"
            + "\"prompt_cache_key\":\"s-1\",\"stream\":true}";
    assertThat(fixture.post(CHAT, body, key).statusCode()).isEqualTo(200);
    String pinned = fixture.backend.requests().get(0).accountId().orElseThrow();
    fixture.backend.account(pinned).once(Script.overloaded());

    HttpResponse<String> response = fixture.post(CHAT, body, key);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(content(chunks(data(response)))).isEqualTo(StreamScript.DEFAULT_TEXT);
    List<RecordedRequest> requests = fixture.backend.requests();
    assertThat(requests).hasSize(3);
    assertThat(requests.get(1).accountId()).hasValue(pinned);
    assertThat(requests.get(2).accountId()).isPresent().isNotEqualTo(requests.get(1).accountId());
    assertThat(requests.get(0).json().getString("prompt_cache_key")).isEqualTo("s-1");
  }

  @Test
  void aFailureAfterTheStreamStartedIsAnErrorChunkThenDone() {
    String key = fixture().account("acc-1").key();
    fixture
        .backend
        .account("acc-1")
        .respondsWith(Script.text("a b c d").inDeltas(4).overloadedAfter(2));
    fixture.start();

    HttpResponse<String> response = fixture.post(CHAT, BODY.formatted("true"), key);

    assertThat(response.statusCode()).isEqualTo(200);
    List<String> data = data(response);
    assertThat(data).last().isEqualTo("[DONE]");
    JsonObject error = new JsonObject(data.get(data.size() - 2)).getJsonObject("error");
    assertThat(error.getString("code")).isEqualTo("server_is_overloaded");
    assertThat(error.getString("type")).isEqualTo("server_error");
    assertThat(content(chunks(data.subList(0, data.size() - 2)))).isNotEmpty();
  }

  @Test
  void toolCallsComeBackStreamedAndWhole() {
    String key = fixture().account("acc-1").key();
    fixture
        .backend
        .account("acc-1")
        .respondsWith(Script.functionCall("call_1", "weather", "{\"city\":\"Paris\"}"));
    fixture.start();
    String body =
        "{\"model\":\"gpt-5.2\",\"messages\":[{\"role\":\"user\",\"content\":\"Weather?\"}],"
            + "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"weather\","
            + "\"parameters\":{\"type\":\"object\"}}}],\"stream\":%s}";

    List<JsonObject> chunks = chunks(data(fixture.post(CHAT, body.formatted("true"), key)));
    JsonObject whole = new JsonObject(fixture.post(CHAT, body.formatted("false"), key).body());

    JsonObject first =
        chunks.get(0).getJsonArray("choices").getJsonObject(0).getJsonObject("delta");
    assertThat(first.getJsonArray("tool_calls").getJsonObject(0))
        .isEqualTo(
            new JsonObject(
                "{\"index\":0,\"id\":\"call_1\",\"type\":\"function\","
                    + "\"function\":{\"name\":\"weather\",\"arguments\":\"\"}}"));
    String arguments =
        chunks.stream()
            .map(chunk -> chunk.getJsonArray("choices").getJsonObject(0).getJsonObject("delta"))
            .filter(delta -> delta.containsKey("tool_calls"))
            .map(
                delta ->
                    delta
                        .getJsonArray("tool_calls")
                        .getJsonObject(0)
                        .getJsonObject("function")
                        .getString("arguments"))
            .collect(Collectors.joining());
    assertThat(arguments).isEqualTo("{\"city\":\"Paris\"}");
    assertThat(
            chunks
                .get(chunks.size() - 1)
                .getJsonArray("choices")
                .getJsonObject(0)
                .getString("finish_reason"))
        .isEqualTo("tool_calls");
    JsonObject choice = whole.getJsonArray("choices").getJsonObject(0);
    assertThat(choice.getString("finish_reason")).isEqualTo("tool_calls");
    assertThat(choice.getJsonObject("message").getJsonArray("tool_calls").getJsonObject(0))
        .isEqualTo(
            new JsonObject(
                "{\"id\":\"call_1\",\"type\":\"function\","
                    + "\"function\":{\"name\":\"weather\",\"arguments\":\"{\\\"city\\\":\\\"Paris\\\"}\"}}"));
    JsonObject forwarded = fixture.backend.requests().get(0).json();
    assertThat(forwarded.getJsonArray("tools").getJsonObject(0).getString("name"))
        .isEqualTo("weather");
  }

  @Test
  void aResponsesRequestWithMessagesIsConvertedAndAnsweredAsResponses() {
    String key = fixture().account("acc-1").key();
    fixture.start();

    HttpResponse<String> response =
        fixture.post(
            "/v1/responses",
            "{\"model\":\"gpt-5.2\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}",
            key);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(new JsonObject(response.body()).getString("object")).isEqualTo("response");
    JsonObject forwarded = fixture.backend.requests().get(0).json();
    assertThat(forwarded.containsKey("messages")).isFalse();
    assertThat(forwarded.getJsonArray("input")).hasSize(1);
  }
}
