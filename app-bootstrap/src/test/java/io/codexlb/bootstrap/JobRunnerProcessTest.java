package io.codexlb.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.codexlb.adapter.postgres.PostgresPools;
import io.codexlb.adapter.postgres.PostgresStore;
import io.codexlb.adapter.postgres.testing.PostgresTestDatabase;
import io.codexlb.bootstrap.cli.Console;
import io.codexlb.bootstrap.store.StoreJobs;
import io.codexlb.domain.account.AccountId;
import io.codexlb.domain.settings.RoutingSettings;
import io.codexlb.domain.settings.SettingsValidation;
import io.codexlb.domain.sticky.StickyKey;
import io.codexlb.domain.sticky.StickyPin;
import io.codexlb.port.out.RequestLog;
import io.codexlb.port.out.RequestLogQuery;
import io.codexlb.port.out.SettingsSave;
import io.codexlb.port.out.StorePorts;
import io.codexlb.testkit.FakeChatGptBackend;
import io.codexlb.testkit.WhamUsage;
import io.codexlb.testkit.oauth.FakeOAuthServer;
import io.codexlb.testkit.oauth.IssuedTokens;
import io.codexlb.testkit.oauth.RefreshFailure;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three server processes on one PostgreSQL store: exactly one of them runs the store-wide jobs
 * (usage polling, the token sweep, the sticky-pin expiry, the request-log retention), as its {@code
 * /metrics} and the others' say, and when it is killed ({@code kill -9}) one of the two others
 * takes every job over within a period. The jobs' periods and the lease retry are cut to {@value
 * #PERIOD_SECONDS} s with the test-only {@link StoreJobs#TEST_PERIOD_PROPERTY}. What each job does
 * is seen where it lands: old request logs and expired pins gone from the store, polls at the fake
 * ChatGPT backend, refresh grants at the fake OAuth server. Skipped, saying why, without PostgreSQL
 * ({@code CODEX_LB_TEST_DATABASE_URL}); failed instead when {@code
 * CODEX_LB_TEST_REQUIRE_POSTGRES=true}.
 */
class JobRunnerProcessTest {

  /** The key every run against the shared test database brings (it keeps its fingerprint). */
  private static final String POSTGRES_TEST_KEY = "Y3Jhc2gtc2FmZXR5LXRlc3Qta2V5LTMyLWJ5dGVzISE=";

  private static final long PERIOD_SECONDS = 2;

  private static final List<String> JOBS =
      List.of("usage_polling", "token_sweep", "sticky_pin_expiry", "request_log_retention");

  /** A bound for what should take a few periods; generous, so a slow machine never fails it. */
  private static final Duration WITHIN = Duration.ofSeconds(30);

  @TempDir Path dir;
  private final List<ServerProcess> servers = new ArrayList<>();
  private FakeChatGptBackend backend;
  private FakeOAuthServer oauth;
  private Vertx vertx;
  private Pool pool;
  private StorePorts store;
  private @Nullable Integer storedRetention;
  private boolean retentionChanged;

  /** One running server: its process and its dashboard's URL. */
  private record Instance(String name, ServerProcess server, String dashboard) {}

  @AfterEach
  void stop() {
    servers.forEach(ServerProcess::close);
    if (retentionChanged) {
      storeRetention(storedRetention == null ? null : storedRetention.longValue());
    }
    if (oauth != null) {
      oauth.close().toCompletableFuture().join();
    }
    if (backend != null) {
      backend.close().toCompletableFuture().join();
    }
    if (pool != null) {
      pool.close().toCompletionStage().toCompletableFuture().join();
    }
    if (vertx != null) {
      vertx.close().toCompletionStage().toCompletableFuture().join();
    }
  }

  @Test
  void exactlyOneOfThreeInstancesRunsEveryJobAndAnotherTakesEachOverAfterAKill9() throws Exception {
    String run = UUID.randomUUID().toString().substring(0, 8);
    String account = "jobs-" + run;
    backend = FakeChatGptBackend.start();
    backend.account(account).usage(WhamUsage.used(10, 20, Instant.now()));
    oauth = FakeOAuthServer.start();
    oauth.account(account).withEmail(account + "@example.com").withPlan("plus");
    // Tokens nine days old are due (eight days): the sweep renews them. Until the take-over, the
    // fake refuses the refresh (503), so that the first holder only tries and the next one renews.
    oauth.account(account).failsRefreshWith(RefreshFailure.UNAVAILABLE);
    importAccount(account, oauth.account(account).issueTokens());
    openStore();
    // The stored retention (which other tests may have set) rules over the configured one.
    storedRetention = load().requestLogRetentionDays();
    retentionChanged = true;
    storeRetention(1L);
    seedOldLogAndExpiredPin("before-" + run);

    List<String> names = List.of("one", "two", "three");
    for (String name : names) {
      servers.add(start(name)); // all three start at once
    }
    List<Instance> running = new ArrayList<>();
    for (int i = 0; i < names.size(); i++) {
      running.add(
          new Instance(
              names.get(i),
              servers.get(i),
              servers.get(i).awaitListening("Dashboard and admin API")));
    }

    // Exactly one runs the jobs; each job is seen doing its work.
    Instance holder = awaitTheOneHolder(running);
    await()
        .atMost(WITHIN)
        .untilAsserted(
            () -> {
              assertThat(logged("before-" + run)).as("the old request log").isFalse();
              assertThat(pinned("before-" + run)).as("the expired pin").isFalse();
              assertThat(backend.usagePolls(account)).as("usage polls").isPositive();
              assertThat(oauth.account(account).refreshCalls()).as("sweep's refresh").isPositive();
            });
    // Each job ran at least twice: it runs periodically on the holder...
    await()
        .atMost(WITHIN)
        .untilAsserted(
            () -> {
              String metrics = metrics(holder);
              for (String job : JOBS) {
                assertThat(runs(metrics, job))
                    .as("%s runs on %s", job, holder.name())
                    .isGreaterThanOrEqualTo(2);
              }
            });
    // ...and never on the others, which stand by.
    for (Instance other : others(running, holder)) {
      String metrics = metrics(other);
      assertThat(value(metrics, "codexlb_job_runner")).as(other.name()).isZero();
      for (String job : JOBS) {
        assertThat(runs(metrics, job)).as("%s runs on %s", job, other.name()).isZero();
      }
      assertThat(metrics).doesNotContain("codexlb_usage_polls_seconds_count");
      assertThat(metrics).doesNotContain("codexlb_token_refreshes_seconds_count");
    }

    // kill -9: nothing released; PostgreSQL ends the session and its advisory lock.
    int pollsAtKill = backend.usagePolls(account);
    oauth.account(account).refreshesSucceed();
    holder.server().kill();
    running.remove(holder);
    seedOldLogAndExpiredPin("after-" + run);

    Instance successor = awaitTheOneHolder(running);
    await()
        .atMost(WITHIN)
        .untilAsserted(
            () -> {
              assertThat(logged("after-" + run)).as("the old request log").isFalse();
              assertThat(pinned("after-" + run)).as("the expired pin").isFalse();
              assertThat(backend.usagePolls(account)).as("usage polls").isGreaterThan(pollsAtKill);
              assertThat(oauth.account(account).rotations()).as("the sweep renewed").isOne();
            });
    String metrics = metrics(successor);
    for (String job : JOBS) {
      assertThat(runs(metrics, job)).as("%s runs on %s", job, successor.name()).isPositive();
    }
    String stoodBy = metrics(others(running, successor).get(0));
    assertThat(value(stoodBy, "codexlb_job_runner")).isZero();
    for (String job : JOBS) {
      assertThat(runs(stoodBy, job)).as("%s runs on the stand-by", job).isZero();
    }
    assertThat(
            successor.server().seen().stream()
                .anyMatch(
                    line -> line.contains("job runner: this instance runs the store-wide jobs")))
        .as("the take-over is logged")
        .isTrue();
  }

  /** Waits until exactly one of {@code running} says it runs the jobs; returns it. */
  private Instance awaitTheOneHolder(List<Instance> running) {
    Instance[] holder = new Instance[1];
    await()
        .atMost(WITHIN)
        .untilAsserted(
            () -> {
              List<Instance> holders = new ArrayList<>();
              for (Instance instance : running) {
                if (value(metrics(instance), "codexlb_job_runner") == 1) {
                  holders.add(instance);
                }
              }
              assertThat(holders).as("instances running the jobs").hasSize(1);
              holder[0] = holders.get(0);
            });
    return holder[0];
  }

  private static List<Instance> others(List<Instance> running, Instance holder) {
    return running.stream().filter(instance -> instance != holder).toList();
  }

  private ServerProcess start(String name) throws Exception {
    Path dataDir = Files.createDirectories(dir.resolve(name));
    Map<String, String> env = postgres(dataDir);
    env.put("CODEX_LB_PORT", "0");
    env.put("CODEX_LB_DASHBOARD_PORT", "0");
    env.put("CODEX_LB_UPSTREAM_BASE_URL", backend.baseUrl());
    env.put("CODEX_LB_AUTH_BASE_URL", oauth.baseUrl());
    env.put("CODEX_LB_USAGE_REFRESH_INTERVAL_SECONDS", String.valueOf(PERIOD_SECONDS));
    env.put("CODEX_LB_METRICS_PUBLIC", "true");
    return ServerProcess.start(
        List.of("-Xmx256m", "-D" + StoreJobs.TEST_PERIOD_PROPERTY + "=" + PERIOD_SECONDS), env);
  }

  private static String metrics(Instance instance) {
    HttpResponse<String> response = Http.get(instance.dashboard() + "/metrics");
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return response.body();
  }

  private static double runs(String metrics, String job) {
    double runs = 0;
    Matcher sample =
        Pattern.compile(
                "^codexlb_job_runs_seconds_count\\{job=\""
                    + job
                    + "\",outcome=\"[a-z_]+\",?\\} (\\S+)$",
                Pattern.MULTILINE)
            .matcher(metrics);
    while (sample.find()) {
      runs += Double.parseDouble(sample.group(1));
    }
    return runs;
  }

  private static double value(String metrics, String sample) {
    Matcher line =
        Pattern.compile("^" + Pattern.quote(sample) + " (\\S+)$", Pattern.MULTILINE)
            .matcher(metrics);
    return line.find() ? Double.parseDouble(line.group(1)) : 0;
  }

  /** Opens the shared store in this JVM, to seed it and look at it as the instances do. */
  private void openStore() {
    vertx = Vertx.vertx();
    pool = PostgresPools.create(vertx, PostgresTestDatabase.get().settings(), 2);
    store =
        PostgresStore.open(vertx, pool, PostgresTestDatabase.get().settings(), true)
            .toCompletableFuture()
            .join()
            .ports();
  }

  private RoutingSettings load() {
    return store.settings().load().toCompletableFuture().join();
  }

  /** Stores the request-log retention: {@code days}, or none. */
  private void storeRetention(@Nullable Long days) {
    RoutingSettings changed =
        ((SettingsValidation.Valid) load().toBuilder().requestLogRetentionDays(days).build())
            .settings();
    assertThat(store.settings().save(changed).toCompletableFuture().join())
        .isInstanceOf(SettingsSave.Saved.class);
  }

  /** A request log two days old (past the 1-day retention) and a pin expired a minute ago. */
  private void seedOldLogAndExpiredPin(String id) {
    Instant now = Instant.now();
    store
        .requestLogs()
        .append(
            List.of(
                new RequestLog(
                    id,
                    now.minus(Duration.ofDays(2)),
                    Optional.empty(),
                    Optional.empty(),
                    "gpt-5.4",
                    200,
                    Optional.empty(),
                    0,
                    0,
                    0,
                    0,
                    0,
                    0,
                    OptionalLong.empty(),
                    0)))
        .toCompletableFuture()
        .join();
    store
        .stickySessions()
        .saveAll(
            List.of(
                new StickyPin(
                    new StickyKey(id), new AccountId("any"), now.minus(Duration.ofMinutes(1)))))
        .toCompletableFuture()
        .join();
    assertThat(logged(id)).isTrue();
    assertThat(pinned(id)).isTrue();
  }

  /** Whether the request log {@code id} is still stored. */
  private boolean logged(String id) {
    Instant now = Instant.now();
    return store
        .requestLogs()
        .query(
            RequestLogQuery.between(
                now.minus(Duration.ofDays(3)), now.minus(Duration.ofDays(1)), 500))
        .toCompletableFuture()
        .join()
        .entries()
        .stream()
        .anyMatch(log -> log.requestId().equals(id));
  }

  /** Whether the pin {@code id} is still stored (asked as of before it expired). */
  private boolean pinned(String id) {
    return store
        .stickySessions()
        .find(new StickyKey(id), Instant.now().minus(Duration.ofHours(1)))
        .toCompletableFuture()
        .join()
        .isPresent();
  }

  private static Map<String, String> postgres(Path dataDir) throws Exception {
    Files.writeString(dataDir.resolve("encryption.key"), POSTGRES_TEST_KEY + "\n");
    Map<String, String> env = new HashMap<>();
    env.put("CODEX_LB_DATA_DIR", dataDir.toString());
    env.put("CODEX_LB_DATABASE_URL", PostgresTestDatabase.get().databaseUrl());
    return env;
  }

  /** Imports the account with {@code tokens}, refreshed nine days ago, with the command line. */
  private void importAccount(String account, IssuedTokens tokens) throws Exception {
    Path cli = Files.createDirectories(dir.resolve("cli"));
    Map<String, String> env = postgres(cli);
    JsonObject authJson =
        new JsonObject()
            .put(
                "tokens",
                new JsonObject()
                    .put("id_token", tokens.idToken())
                    .put("access_token", tokens.accessToken())
                    .put("refresh_token", tokens.refreshToken()))
            .put("last_refresh", Instant.now().minus(Duration.ofDays(9)).toString());
    Path file = Files.writeString(cli.resolve("auth.json"), authJson.encode());
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);
    Launch launch =
        CodexLb.launch(
            new String[] {"accounts", "import", file.toString()}, env, new Console(print, print));
    assertThat(launch).as("import of %s: %s", account, out).isEqualTo(new Launch.Exited(0));
  }
}
