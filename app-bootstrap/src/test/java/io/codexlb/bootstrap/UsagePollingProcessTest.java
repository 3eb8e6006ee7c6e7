package io.codexlb.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.codexlb.adapter.postgres.testing.PostgresTestDatabase;
import io.codexlb.bootstrap.cli.Console;
import io.codexlb.testkit.FakeChatGptBackend;
import io.codexlb.testkit.WhamUsage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two server processes on one PostgreSQL store poll the fake backend's usage: one of them polls
 * (each account once per period, not twice), and when it is killed ({@code kill -9}) the other
 * takes over.
 */
class UsagePollingProcessTest {

  /** The key every run against the shared test database brings (it keeps its fingerprint). */
  private static final String POSTGRES_TEST_KEY = "Y3Jhc2gtc2FmZXR5LXRlc3Qta2V5LTMyLWJ5dGVzISE=";

  private static final long PERIOD_SECONDS = 2;

  @TempDir Path dir;
  private final List<ServerProcess> servers = new ArrayList<>();
  private FakeChatGptBackend backend;

  @AfterEach
  void stop() {
    servers.forEach(ServerProcess::close);
    if (backend != null) {
      backend.close().toCompletableFuture().join();
    }
  }

  @Test
  void oneInstancePollsEachAccountOncePerPeriodAndAnotherTakesOverAfterAKill() throws Exception {
    backend = FakeChatGptBackend.start();
    String account = "poll-" + UUID.randomUUID().toString().substring(0, 8);
    backend.account(account).usage(WhamUsage.used(10, 20, Instant.now()));
    Map<String, String> env = postgres(dir.resolve("cli"));
    importAccount(env, account);

    ServerProcess first = start(dir.resolve("one"));
    ServerProcess second = start(dir.resolve("two"));
    await().atMost(Duration.ofSeconds(60)).until(() -> holder(first) || holder(second));
    await().atMost(Duration.ofSeconds(30)).until(() -> backend.usagePolls(account) >= 1);

    // Six more polls take about six periods with one poller; two pollers would need three.
    int start = backend.usagePolls(account);
    long began = System.nanoTime();
    await().atMost(Duration.ofSeconds(60)).until(() -> backend.usagePolls(account) >= start + 6);
    Duration took = Duration.ofNanos(System.nanoTime() - began);
    assertThat(took).isGreaterThanOrEqualTo(Duration.ofSeconds(PERIOD_SECONDS * 4));
    assertThat(holder(first) && holder(second)).isFalse();

    ServerProcess polling = holder(first) ? first : second;
    ServerProcess other = polling == first ? second : first;
    polling.kill(); // SIGKILL: no release, the session just dies
    int atKill = backend.usagePolls(account);

    await().atMost(Duration.ofSeconds(30)).until(() -> holder(other));
    await().atMost(Duration.ofSeconds(30)).until(() -> backend.usagePolls(account) >= atKill + 2);
  }

  private static boolean holder(ServerProcess server) {
    return List.copyOf(server.seen()).stream()
        .anyMatch(line -> line.contains("job runner: this instance runs the store-wide jobs"));
  }

  private ServerProcess start(Path dataDir) throws Exception {
    Map<String, String> env = postgres(dataDir);
    env.put("CODEX_LB_PORT", "0");
    env.put("CODEX_LB_DASHBOARD_PORT", "0");
    env.put("CODEX_LB_UPSTREAM_BASE_URL", backend.baseUrl());
    env.put("CODEX_LB_USAGE_REFRESH_INTERVAL_SECONDS", String.valueOf(PERIOD_SECONDS));
    ServerProcess server = ServerProcess.start(List.of("-Xmx256m"), env);
    servers.add(server);
    server.awaitListening("Dashboard and admin API");
    return server;
  }

  private static Map<String, String> postgres(Path dataDir) throws Exception {
    Files.createDirectories(dataDir);
    Files.writeString(dataDir.resolve("encryption.key"), POSTGRES_TEST_KEY + "\n");
    Map<String, String> env = new HashMap<>();
    env.put("CODEX_LB_DATA_DIR", dataDir.toString());
    env.put("CODEX_LB_DATABASE_URL", PostgresTestDatabase.get().databaseUrl());
    return env;
  }

  private void importAccount(Map<String, String> env, String account) throws Exception {
    Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
    String claims =
        "{\"email\":\""
            + account
            + "@example.com\",\"https://api.openai.com/auth\":{\"chatgpt_account_id\":\""
            + account
            + "\",\"chatgpt_plan_type\":\"plus\"}}";
    String idToken =
        base64.encodeToString("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8))
            + "."
            + base64.encodeToString(claims.getBytes(StandardCharsets.UTF_8))
            + ".unsigned";
    Path authJson =
        Files.writeString(
            dir.resolve("auth.json"),
            "{\"tokens\":{\"id_token\":\""
                + idToken
                + "\",\"access_token\":\"access-"
                + account
                + "\",\"refresh_token\":\"refresh-"
                + account
                + "\"},\"last_refresh\":\"2026-11-27T11:00:00Z\"}");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);
    Launch launch =
        CodexLb.launch(
            new String[] {"accounts", "import", authJson.toString()},
            env,
            new Console(print, print));
    assertThat(launch).as("import: %s", out).isEqualTo(new Launch.Exited(0));
  }
}
