package io.codexlb.compat;

import static org.assertj.core.api.Assertions.assertThat;

import io.codexlb.testkit.FakeChatGptBackend;
import io.codexlb.testkit.RecordedRequest;
import io.codexlb.testkit.Script;
import io.codexlb.testkit.ScriptedUsage;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Codex CLI, as installed from npm, runs {@code codex exec} to a finished answer through codex-lb:
 * a model provider whose {@code base_url} is the server's {@code /backend-api/codex}, {@code
 * wire_api = "responses"} and the {@code sk-clb-} key in the variable its {@code env_key} names.
 */
class CodexCliCompatTest {

  private static final String ACCOUNT = "acc-codex";
  private static final String ANSWER = "Hello Codex, this answer came through the pool.";
  private static final ScriptedUsage USAGE = new ScriptedUsage(40, 8, 11, 3);
  private static final String PROMPT = "say hi to the pool";
  private static final Duration RUN_TIMEOUT = Duration.ofMinutes(2);

  @TempDir static Path dataDir;

  private static CodexCli codex;
  @AutoClose private static CompatServer server;
  private static FakeChatGptBackend backend;

  @TempDir Path codexHome;
  @TempDir Path workDir;

  @BeforeAll
  static void startServer() {
    codex = CodexCli.get();
    server =
        CompatServer.in(dataDir)
            .account(ACCOUNT)
            .key("codex")
            .key("mini-only", "--allowed-models", "gpt-5.1-codex-mini")
            .start();
    backend = server.backend();
  }

  @BeforeEach
  void scriptTheAccount() {
    server.rescript(
        ACCOUNT, Script.text(ANSWER).inDeltas(4).withDelay(Duration.ofMillis(5)).usage(USAGE));
  }

  @ParameterizedTest(name = "base_url ending in {0}")
  @ValueSource(strings = {"/backend-api/codex", "/backend-api/codex/v1"})
  void codexExecPrintsTheAccountsAnswerAndItsUsage(String basePath) throws Exception {
    writeConfig(server.proxyUrl() + basePath);

    ChildProcess.Result run = exec();

    assertThat(run.exitCode()).as(run.describe()).isZero();
    List<JsonObject> events = jsonLines(run.stdout());
    assertThat(agentMessages(events)).as(run.describe()).containsExactly(ANSWER);
    JsonObject usage = last(events, "turn.completed").getJsonObject("usage");
    assertThat(usage.getInteger("input_tokens")).isEqualTo(USAGE.inputTokens());
    assertThat(usage.getInteger("cached_input_tokens")).isEqualTo(USAGE.cachedTokens());
    assertThat(usage.getInteger("output_tokens")).isEqualTo(USAGE.outputTokens());
  }

  @Test
  void theUpstreamSeesTheAccountNotTheKeyAndCodexsRequestWhole() throws Exception {
    writeConfig(server.proxyUrl() + "/backend-api/codex");

    ChildProcess.Result run = exec();

    assertThat(run.exitCode()).as(run.describe()).isZero();
    String threadId = last(jsonLines(run.stdout()), "thread.started").getString("thread_id");
    List<RecordedRequest> upstream = backend.requestsFor(ACCOUNT);
    assertThat(upstream).as(run.describe()).hasSize(1);
    RecordedRequest request = upstream.get(0);
    assertThat(request.header("authorization")).hasValue("Bearer " + AuthJson.accessToken(ACCOUNT));
    assertThat(request.header(FakeChatGptBackend.ACCOUNT_HEADER)).hasValue(ACCOUNT);
    assertThat(request.header("session-id")).as("Codex's session header").hasValue(threadId);
    assertThat(request.body()).doesNotContain(server.key("codex"));
    JsonObject body = request.json();
    assertThat(body.getBoolean("stream")).isTrue();
    assertThat(body.getString("prompt_cache_key")).isEqualTo(threadId);
    assertThat(body.getJsonArray("input").encode()).contains(PROMPT);
    // Codex sends tool types the OpenAI SDKs do not know; they must reach the upstream untouched.
    assertThat(toolTypes(body.getJsonArray("tools"))).contains("function", "namespace");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "an unknown key, sk-clb-not-a-key-of-this-server, 401 Unauthorized: Invalid API key",
    "a key for another model, mini-only,"
        + " 403 Forbidden: Model 'gpt-5.1-codex' is not allowed for this API key"
  })
  void aRefusedKeyEndsTheTurnWithTheServersStatusAndMessage(
      String what, String keyOrName, String expected) throws Exception {
    writeConfig(server.proxyUrl() + "/backend-api/codex");
    String key = keyOrName.startsWith("sk-clb-") ? keyOrName : server.key(keyOrName);

    ChildProcess.Result run = exec(key);

    assertThat(run.exitCode()).as(run.describe()).isEqualTo(1);
    assertThat(
            last(jsonLines(run.stdout()), "turn.failed")
                .getJsonObject("error")
                .getString("message"))
        .as(what)
        .contains(expected);
    assertThat(backend.requests()).isEmpty();
  }

  private ChildProcess.Result exec() throws IOException, InterruptedException {
    return exec(server.key("codex"));
  }

  /**
   * {@code codex exec --json} with {@code key} in the provider's variable and no other settings.
   */
  private ChildProcess.Result exec(String key) throws IOException, InterruptedException {
    return codex.run(
        workDir,
        Map.of(
            "CODEX_HOME", codexHome.toString(),
            "HOME", codexHome.toString(),
            "CLB_KEY", key),
        RUN_TIMEOUT,
        "exec",
        "--json",
        "--skip-git-repo-check",
        PROMPT);
  }

  private void writeConfig(String baseUrl) throws IOException {
    Files.writeString(
        codexHome.resolve("config.toml"),
        String.join(
            "\n",
            "model = \"gpt-5.1-codex\"",
            "model_provider = \"clb\"",
            "",
            "[model_providers.clb]",
            "name = \"codex-lb\"",
            "base_url = \"" + baseUrl + "\"",
            "wire_api = \"responses\"",
            "env_key = \"CLB_KEY\"",
            // One request per turn: a refusal shows at once instead of after Codex's backoff.
            "request_max_retries = 0",
            "stream_max_retries = 0",
            ""));
  }

  private static List<JsonObject> jsonLines(String stdout) {
    return stdout.lines().filter(line -> line.startsWith("{")).map(JsonObject::new).toList();
  }

  private static List<String> agentMessages(List<JsonObject> events) {
    return events.stream()
        .filter(event -> "item.completed".equals(event.getString("type")))
        .map(event -> event.getJsonObject("item"))
        .filter(item -> "agent_message".equals(item.getString("type")))
        .map(item -> item.getString("text"))
        .toList();
  }

  private static JsonObject last(List<JsonObject> events, String type) {
    return events.stream()
        .filter(event -> type.equals(event.getString("type")))
        .reduce((first, second) -> second)
        .orElseThrow(() -> new AssertionError("no " + type + " event in " + events));
  }

  private static List<String> toolTypes(JsonArray tools) {
    return tools.stream().map(tool -> ((JsonObject) tool).getString("type")).toList();
  }
}
