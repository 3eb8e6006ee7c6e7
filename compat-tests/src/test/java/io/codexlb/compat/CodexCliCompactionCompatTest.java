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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Codex CLI's remote compaction through codex-lb, offline against the fake backend. Codex compacts
 * remotely only with its built-in OpenAI provider (a custom provider summarizes locally, with an
 * ordinary request), so the provider here is that one, its base URL the server's {@code
 * /backend-api/codex} and the {@code sk-clb-} key its API key. Codex 0.169 compacts with {@code
 * remote_compaction_v2}: an ordinary {@code POST /responses} whose input ends with {@code
 * {"type":"compaction_trigger"}} (not the older {@code /responses/compact} route, which the
 * server's end-to-end tests cover), streamed back with one {@code compaction} item that the next
 * turn sends as history.
 */
class CodexCliCompactionCompatTest {

  private static final String ACCOUNT = "acc-compact";
  // Far over the compaction threshold below: the turn after this one starts with a compaction.
  private static final ScriptedUsage USAGE = new ScriptedUsage(300_000, 0, 10, 0);
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
    server = CompatServer.in(dataDir).account(ACCOUNT).key("codex").start();
    backend = server.backend();
    server.rescript(ACCOUNT, Script.text("Noted.").usage(USAGE));
  }

  @Test
  void aCompactionBetweenTwoTurnsGoesThroughThePoolAndItsItemComesBackAsHistory() throws Exception {
    Files.writeString(
        codexHome.resolve("config.toml"),
        String.join(
            "\n",
            "model = \"gpt-5.1-codex\"",
            "model_auto_compact_token_limit = 1000",
            "openai_base_url = \"" + server.proxyUrl() + "/backend-api/codex\"",
            ""));

    ChildProcess.Result first = exec("remember the number 7");
    ChildProcess.Result second = exec("resume", "--last", "what was the number?");

    assertThat(first.exitCode()).as(first.describe()).isZero();
    assertThat(second.exitCode()).as(second.describe()).isZero();
    List<JsonObject> bodies =
        backend.requestsFor(ACCOUNT).stream()
            .filter(request -> request.method().equals("POST"))
            .map(RecordedRequest::json)
            .toList();
    List<JsonObject> compactions =
        bodies.stream().filter(body -> lastInputType(body).equals("compaction_trigger")).toList();
    assertThat(compactions).as("%s%n%s", first.describe(), second.describe()).hasSize(1);
    assertThat(compactions.get(0).getBoolean("stream")).isTrue();
    assertThat(compactions.get(0).getBoolean("store")).isFalse();
    JsonObject after = bodies.get(bodies.size() - 1);
    assertThat(inputItems(after))
        .as("the turn after the compaction carries the fake's compaction item")
        .anySatisfy(
            item -> {
              assertThat(item.getString("type")).isEqualTo("compaction");
              assertThat(item.getString("encrypted_content")).startsWith("fake-compaction:");
            });
  }

  private ChildProcess.Result exec(String... prompt) throws IOException, InterruptedException {
    List<String> args =
        new java.util.ArrayList<>(List.of("exec", "--json", "--skip-git-repo-check"));
    args.addAll(List.of(prompt));
    return codex.run(
        workDir,
        Map.of(
            "CODEX_HOME", codexHome.toString(),
            "HOME", codexHome.toString(),
            "CODEX_API_KEY", server.key("codex")),
        RUN_TIMEOUT,
        args.toArray(String[]::new));
  }

  private static String lastInputType(JsonObject body) {
    List<JsonObject> items = inputItems(body);
    return items.isEmpty() ? "" : String.valueOf(items.get(items.size() - 1).getString("type"));
  }

  private static List<JsonObject> inputItems(JsonObject body) {
    JsonArray input = body.getJsonArray("input", new JsonArray());
    return input.stream().filter(JsonObject.class::isInstance).map(JsonObject.class::cast).toList();
  }
}
