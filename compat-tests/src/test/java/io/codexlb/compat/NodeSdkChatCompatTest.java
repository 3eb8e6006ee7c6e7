package io.codexlb.compat;

import static org.assertj.core.api.Assertions.assertThat;

import io.codexlb.testkit.FakeChatGptBackend;
import io.codexlb.testkit.FunctionCall;
import io.codexlb.testkit.Script;
import io.codexlb.testkit.ScriptedUsage;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The OpenAI Node SDK (npm {@code openai}) against {@code /v1/chat/completions}: a streamed answer
 * with {@code stream_options.include_usage}, the SDK's own stream helper assembling tool calls, and
 * an unknown key as the SDK's error class. Each test runs a small script with {@code node}; the
 * script prints one JSON object per line, which the test reads.
 */
class NodeSdkChatCompatTest {

  private static final String ACCOUNT = "acc-node";
  private static final String MODEL = "gpt-5.1-codex";
  private static final String ANSWER = "Node reads the pool in five parts.";
  private static final int DELTAS = 5;
  private static final ScriptedUsage USAGE = new ScriptedUsage(33, 6, 12, 4);
  private static final Duration RUN_TIMEOUT = Duration.ofMinutes(1);

  /**
   * A client as an application makes one, and {@code run(main)}: it prints what {@code main}
   * resolves to, or the SDK's error as {@code {"error": {...}}}, so that the test sees both.
   */
  private static final String PREAMBLE =
      """
      const OpenAI = require("openai");
      const client = new OpenAI({
        baseURL: process.env.CLB_BASE_URL,
        apiKey: process.env.CLB_KEY,
        maxRetries: 0,
        timeout: 30000,
      });
      const model = process.env.CLB_MODEL;
      function print(value) {
        process.stdout.write(JSON.stringify(value) + "\\n");
      }
      function run(main) {
        main().catch((e) => {
          print({ error: {
            name: e.constructor.name,
            isApiError: e instanceof OpenAI.APIError,
            status: e.status ?? null,
            code: e.code ?? null,
            type: e.type ?? null,
            message: e.message,
          } });
        });
      }
      """;

  private static final String STREAM_WITH_USAGE =
      PREAMBLE
          + """
          run(async () => {
            const stream = await client.chat.completions.create({
              model,
              messages: [{ role: "user", content: "say hi" }],
              stream: true,
              stream_options: { include_usage: true },
            });
            for await (const chunk of stream) {
              print({ chunk });
            }
          });
          """;

  private static final String STREAM_HELPER_WITH_TOOLS =
      PREAMBLE
          + """
          run(async () => {
            const stream = client.chat.completions.stream({
              model,
              messages: [{ role: "user", content: "weather and time in Paris?" }],
              tools: [
                { type: "function", function: { name: "get_weather",
                  parameters: { type: "object", properties: { city: { type: "string" } } } } },
                { type: "function", function: { name: "get_time",
                  parameters: { type: "object", properties: { zone: { type: "string" } } } } },
              ],
              stream_options: { include_usage: true },
            });
            const completion = await stream.finalChatCompletion();
            print({ completion });
          });
          """;

  @TempDir static Path dataDir;

  private static NodeSdk node;
  @AutoClose private static CompatServer server;
  private static FakeChatGptBackend backend;

  @TempDir Path workDir;

  @BeforeAll
  static void startServer() {
    node = NodeSdk.get();
    server = CompatServer.in(dataDir).account(ACCOUNT).key("open").start();
    backend = server.backend();
  }

  @BeforeEach
  void scriptTheAccount() {
    server.rescript(
        ACCOUNT, Script.text(ANSWER).inDeltas(DELTAS).withDelay(Duration.ofMillis(5)).usage(USAGE));
  }

  @Test
  void streamingWithIncludeUsageDeliversTheAnswerInChunksThenTheUsage() throws Exception {
    ChildProcess.Result run = run(STREAM_WITH_USAGE, server.key("open"));

    assertThat(run.exitCode()).as(run.describe()).isZero();
    List<JsonObject> chunks =
        run.jsonLines().stream().map(line -> line.getJsonObject("chunk")).toList();
    assertThat(chunks).as(run.describe()).doesNotContainNull().isNotEmpty();
    String id = chunks.get(0).getString("id");
    assertThat(id).startsWith("chatcmpl-");
    assertThat(chunks)
        .allSatisfy(
            chunk -> {
              assertThat(chunk.getString("id")).isEqualTo(id);
              assertThat(chunk.getString("object")).isEqualTo("chat.completion.chunk");
            });
    List<JsonObject> choices =
        chunks.stream()
            .flatMap(chunk -> chunk.getJsonArray("choices").stream())
            .map(JsonObject.class::cast)
            .toList();
    assertThat(choices.get(0).getJsonObject("delta").getString("role")).isEqualTo("assistant");
    List<String> contents =
        choices.stream()
            .map(choice -> choice.getJsonObject("delta").getString("content"))
            .filter(Objects::nonNull)
            .toList();
    assertThat(contents).hasSize(DELTAS);
    assertThat(String.join("", contents)).isEqualTo(ANSWER);
    assertThat(choices.stream().map(choice -> choice.getString("finish_reason")))
        .filteredOn(Objects::nonNull)
        .containsExactly("stop");
    JsonObject last = chunks.get(chunks.size() - 1);
    assertThat(last.getJsonArray("choices")).isEmpty();
    assertUsage(last.getJsonObject("usage"));
    assertThat(chunks.subList(0, chunks.size() - 1))
        .allSatisfy(chunk -> assertThat(chunk.getValue("usage")).isNull());
    assertThat(backend.requestsFor(ACCOUNT)).hasSize(1);
  }

  @Test
  void theSdksStreamHelperAssemblesTheStreamedToolCalls() throws Exception {
    server.rescript(
        ACCOUNT,
        Script.functionCall("call_weather", "get_weather", "{\"city\":\"Paris\"}")
            .withFunctionCall(
                new FunctionCall("call_time", "get_time", "{\"zone\":\"Europe/Paris\"}"))
            .usage(USAGE));

    ChildProcess.Result run = run(STREAM_HELPER_WITH_TOOLS, server.key("open"));

    assertThat(run.exitCode()).as(run.describe()).isZero();
    JsonObject completion = run.jsonLines().get(0).getJsonObject("completion");
    assertThat(completion).as(run.describe()).isNotNull();
    JsonObject choice = completion.getJsonArray("choices").getJsonObject(0);
    assertThat(choice.getString("finish_reason")).isEqualTo("tool_calls");
    JsonArray calls = choice.getJsonObject("message").getJsonArray("tool_calls");
    assertThat(calls.stream().map(JsonObject.class::cast))
        .extracting(
            call ->
                call.getString("id")
                    + " "
                    + call.getJsonObject("function").getString("name")
                    + " "
                    + call.getJsonObject("function").getString("arguments"))
        .containsExactly(
            "call_weather get_weather {\"city\":\"Paris\"}",
            "call_time get_time {\"zone\":\"Europe/Paris\"}");
    assertUsage(completion.getJsonObject("usage"));
  }

  @Test
  void anUpstreamCutMidStreamIsAnApiErrorAfterTheFirstChunks() throws Exception {
    server.rescript(ACCOUNT, Script.text(ANSWER).inDeltas(DELTAS).cutAfter(2));

    ChildProcess.Result run = run(STREAM_WITH_USAGE, server.key("open"));

    assertThat(run.exitCode()).as(run.describe()).isZero();
    List<JsonObject> lines = run.jsonLines();
    assertThat(lines).as(run.describe()).hasSize(3);
    assertThat(
            lines.subList(0, 2).stream()
                .map(line -> line.getJsonObject("chunk").getJsonArray("choices").getJsonObject(0))
                .map(choice -> choice.getJsonObject("delta").getString("content")))
        .doesNotContainNull();
    JsonObject error = lines.get(2).getJsonObject("error");
    assertThat(error).as(run.describe()).isNotNull();
    assertThat(error.getBoolean("isApiError")).isTrue();
    assertThat(error.getString("type")).isEqualTo("server_error");
  }

  @Test
  void anUnknownKeyIsTheSdksAuthenticationError() throws Exception {
    ChildProcess.Result run = run(STREAM_WITH_USAGE, "sk-clb-not-a-key-of-this-server");

    assertThat(run.exitCode()).as(run.describe()).isZero();
    assertThat(run.jsonLines()).as(run.describe()).hasSize(1);
    JsonObject error = run.jsonLines().get(0).getJsonObject("error");
    assertThat(error.getString("name")).isEqualTo("AuthenticationError");
    assertThat(error.getBoolean("isApiError")).isTrue();
    assertThat(error.getInteger("status")).isEqualTo(401);
    assertThat(error.getString("code")).isEqualTo("invalid_api_key");
    assertThat(error.getString("type")).isEqualTo("invalid_request_error");
    assertThat(backend.requests()).isEmpty();
  }

  private ChildProcess.Result run(String script, String key) throws Exception {
    return node.run(
        workDir,
        script,
        Map.of("CLB_BASE_URL", server.proxyUrl() + "/v1", "CLB_KEY", key, "CLB_MODEL", MODEL),
        RUN_TIMEOUT);
  }

  private static void assertUsage(JsonObject usage) {
    assertThat(usage).isNotNull();
    assertThat(usage.getInteger("prompt_tokens")).isEqualTo(USAGE.inputTokens());
    assertThat(usage.getInteger("completion_tokens")).isEqualTo(USAGE.outputTokens());
    assertThat(usage.getInteger("total_tokens")).isEqualTo(USAGE.totalTokens());
    assertThat(usage.getJsonObject("prompt_tokens_details").getInteger("cached_tokens"))
        .isEqualTo(USAGE.cachedTokens());
    assertThat(usage.getJsonObject("completion_tokens_details").getInteger("reasoning_tokens"))
        .isEqualTo(USAGE.reasoningTokens());
  }
}
