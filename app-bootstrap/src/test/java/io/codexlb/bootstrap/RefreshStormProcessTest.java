package io.codexlb.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.codexlb.adapter.postgres.PostgresPools;
import io.codexlb.adapter.postgres.PostgresStore;
import io.codexlb.adapter.postgres.testing.PostgresTestDatabase;
import io.codexlb.bootstrap.cli.Console;
import io.codexlb.port.out.AccountRepository;
import io.codexlb.port.out.StoredAccount;
import io.codexlb.testkit.FakeChatGptBackend;
import io.codexlb.testkit.oauth.FakeOAuthServer;
import io.codexlb.testkit.oauth.IssuedTokens;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Token refresh across two real server processes on one PostgreSQL store, against the fake OAuth
 * server ({@code CODEX_LB_AUTH_BASE_URL}) and the fake ChatGPT backend, which rejects the account's
 * first access token (401): a storm of requests on both instances refreshes once, and an instance
 * killed ({@code kill -9}) in the middle of its refresh is taken over by the other once its claim
 * lapses, without a reuse of the refresh token and without deactivating the account. Usage polling
 * is off so that only requests refresh. Skipped, saying why, without PostgreSQL ({@code
 * CODEX_LB_TEST_DATABASE_URL}); failed instead when {@code CODEX_LB_TEST_REQUIRE_POSTGRES=true}.
 */
class RefreshStormProcessTest {

  /** The key the shared test database was first used with (its fingerprint is stored). */
  private static final String POSTGRES_TEST_KEY = "Y3Jhc2gtc2FmZXR5LXRlc3Qta2V5LTMyLWJ5dGVzISE=";

  private static final String PASSWORD = "refresh storm password";
  private static final String BODY =
      "{\"model\":\"gpt-5.2\",\"input\":\"Say hello\",\"stream\":false}";

  /** Longer than a claim (30 s) plus a token exchange: a request may wait for both. */
  private static final Duration REQUEST_LIMIT = Duration.ofSeconds(120);

  private static final int STORM = 100;

  private static final HttpClient CLIENT =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  @TempDir Path dirA;
  @TempDir Path dirB;

  private final List<ServerProcess> servers = new ArrayList<>();
  private FakeChatGptBackend backend;
  private FakeOAuthServer oauth;
  private String accountId;
  private String email;
  private Map<String, String> env;

  /** One running server: its process and listeners' URLs. */
  private record Instance(ServerProcess server, String proxy, String dashboard) {}

  /** A logged-in admin: the session cookie and the CSRF token that go with it. */
  @BeforeEach
  void seedAccount() throws Exception {
    String url = PostgresTestDatabase.get().databaseUrl();
    deleteLeftoverAccounts();
    backend = FakeChatGptBackend.start();
    oauth = FakeOAuthServer.start();
    accountId = "acc-storm-" + UUID.randomUUID().toString().substring(0, 8);
    email = accountId + "@example.com";
    oauth.account(accountId).withEmail(email).withPlan("pro");
    IssuedTokens seed = oauth.account(accountId).issueTokens();
    // The access token upstream no longer takes: the first request on it is a 401.
    backend.account(accountId).rejectsToken(seed.accessToken());
    env =
        Map.of(
            "CODEX_LB_DATABASE_URL",
            url,
            "CODEX_LB_ADMIN_PASSWORD",
            PASSWORD,
            "CODEX_LB_AUTH_BASE_URL",
            oauth.baseUrl(),
            "CODEX_LB_USAGE_REFRESH_ENABLED",
            "false");
    for (Path dir : List.of(dirA, dirB)) {
      Files.writeString(dir.resolve("encryption.key"), POSTGRES_TEST_KEY + "\n");
    }
    importAccount(seed);
  }

  @AfterEach
  void stop() {
    servers.forEach(ServerProcess::close);
    if (oauth != null) {
      oauth.releaseRefreshes();
      oauth.close().toCompletableFuture().join();
    }
    if (backend != null) {
      backend.close().toCompletableFuture().join();
    }
  }

  @Test
  void aStormOf401sOnTwoInstancesRefreshesOnceAndEveryRequestSucceeds() throws Exception {
    Instance a = start(dirA);
    Instance b = start(dirB);
    AdminSession admin = AdminSession.login(a.dashboard(), PASSWORD);
    onlyThisAccountInThePool(a, b, admin);
    String key = createKey(a, admin);
    keyKnownOn(b, key);

    ExecutorService pool = Executors.newFixedThreadPool(STORM);
    ConcurrentLinkedQueue<String> refused = new ConcurrentLinkedQueue<>();
    try {
      List<CompletableFuture<Integer>> results = new ArrayList<>();
      for (int i = 0; i < STORM; i++) {
        Instance instance = i % 2 == 0 ? a : b;
        results.add(
            CompletableFuture.supplyAsync(
                () -> {
                  HttpResponse<String> first = responses(instance, key);
                  if (first.statusCode() == 200) {
                    return 200;
                  }
                  // Not a 401 turned into an error, but say what it was if it never succeeds.
                  refused.add(first.statusCode() + " " + first.body());
                  await()
                      .atMost(REQUEST_LIMIT)
                      .pollInterval(Duration.ofMillis(200))
                      .until(() -> responses(instance, key).statusCode() == 200);
                  return 200;
                },
                pool));
      }
      CompletableFuture.allOf(results.toArray(CompletableFuture[]::new))
          .get(2 * REQUEST_LIMIT.toSeconds(), TimeUnit.SECONDS);
    } finally {
      pool.shutdownNow();
    }

    assertThat(oauth.account(accountId).refreshCalls())
        .as("refresh grants for %d requests on two instances (first refusals: %s)", STORM, refused)
        .isEqualTo(1);
    assertThat(oauth.account(accountId).rotations()).isEqualTo(1);
    assertThat(oauth.account(accountId).reuseAttempts()).isZero();
    assertThat(refused).as("requests answered other than 200 at first").isEmpty();
    assertThat(backend.requestsFor(accountId)).hasSizeGreaterThanOrEqualTo(STORM);
    assertThat(status(b, admin)).isEqualTo("active");
  }

  @Test
  void anInstanceKilledMidRefreshIsTakenOverByTheOtherOnceItsClaimLapses() throws Exception {
    Instance a = start(dirA);
    Instance b = start(dirB);
    AdminSession admin = AdminSession.login(a.dashboard(), PASSWORD);
    onlyThisAccountInThePool(a, b, admin);
    String key = createKey(a, admin);
    keyKnownOn(b, key);

    oauth.holdRefreshes();
    // Only A is asked: the refresh held is A's.
    CompletableFuture<HttpResponse<String>> onA = responsesAsync(a, key);
    await()
        .atMost(Duration.ofSeconds(ServerProcess.STARTUP_LIMIT_SECONDS))
        .untilAsserted(() -> assertThat(oauth.heldRefreshes()).isEqualTo(1));
    kill9(a.server());
    assertThat(onA)
        .as("A's client saw its server go")
        .failsWithin(Duration.ofSeconds(ServerProcess.STARTUP_LIMIT_SECONDS));
    oauth.releaseRefreshes();
    // Released on the fake's event loop: A's refresh, its client gone, is dropped unprocessed.
    await()
        .atMost(Duration.ofSeconds(ServerProcess.STARTUP_LIMIT_SECONDS))
        .untilAsserted(() -> assertThat(oauth.abandonedRefreshes()).isEqualTo(1));
    assertThat(oauth.account(accountId).rotations()).as("nothing rotated for A").isZero();

    // B meets the 401, finds A's claim, waits for it to lapse (30 s) and refreshes itself.
    HttpResponse<String> onB = responses(b, key);
    assertThat(onB.statusCode()).as(onB.body()).isEqualTo(200);

    assertThat(oauth.account(accountId).refreshCalls()).as("A's, then B's").isEqualTo(2);
    assertThat(oauth.account(accountId).rotations()).isEqualTo(1);
    assertThat(oauth.account(accountId).reuseAttempts()).isZero();
    assertThat(status(b, admin)).isEqualTo("active");
  }

  private Instance start(Path dir) throws Exception {
    ServerProcess server = ServerProcess.startOn(env, dir, backend.baseUrl());
    servers.add(server);
    Instance instance =
        new Instance(
            server,
            server.awaitListening("Proxy API"),
            server.awaitListening("Dashboard and admin API"));
    await()
        .atMost(Duration.ofSeconds(ServerProcess.STARTUP_LIMIT_SECONDS))
        .untilAsserted(
            () ->
                assertThat(Http.get(instance.proxy() + "/health/ready").statusCode())
                    .isEqualTo(200));
    return instance;
  }

  /** SIGKILL: no shutdown hook, no claim released. */
  private static void kill9(ServerProcess server) throws InterruptedException {
    server.process().destroyForcibly();
    assertThat(server.process().waitFor(ServerProcess.STARTUP_LIMIT_SECONDS, TimeUnit.SECONDS))
        .isTrue();
    assertThat(server.process().exitValue()).as("killed by SIGKILL").isEqualTo(128 + 9);
  }

  /**
   * Deletes the accounts earlier tests left in the shared store, before the servers start: the
   * instance that takes the job lease sweeps the due tokens at once, and the due tokens of those
   * accounts would be refreshed at this test's fake OAuth server, among the refreshes it holds and
   * counts.
   */
  private static void deleteLeftoverAccounts() {
    Vertx vertx = Vertx.vertx();
    Pool pool = PostgresPools.create(vertx, PostgresTestDatabase.get().settings(), 1);
    try {
      PostgresStore store =
          PostgresStore.open(vertx, pool, PostgresTestDatabase.get().settings(), true)
              .toCompletableFuture()
              .join();
      AccountRepository accounts = store.ports().accounts();
      for (StoredAccount account : accounts.findAll().toCompletableFuture().join()) {
        accounts.delete(account.id()).toCompletableFuture().join();
      }
      store.close().toCompletableFuture().join();
    } finally {
      pool.close().toCompletionStage().toCompletableFuture().join();
      vertx.close().toCompletionStage().toCompletableFuture().join();
    }
  }

  /** Imports the account with the seeded tokens, refreshed just now, with the command line. */
  private void importAccount(IssuedTokens seed) throws Exception {
    JsonObject authJson =
        new JsonObject()
            .put(
                "tokens",
                new JsonObject()
                    .put("id_token", seed.idToken())
                    .put("access_token", seed.accessToken())
                    .put("refresh_token", seed.refreshToken()))
            .put("last_refresh", Instant.now().toString());
    Path file = Files.writeString(dirA.resolve("auth.json"), authJson.encode());
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Console console =
        new Console(
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(out, true, StandardCharsets.UTF_8));
    Launch launch =
        CodexLb.launch(
            new String[] {"accounts", "import", file.toString(), "--data-dir", dirA.toString()},
            env,
            console);
    assertThat(launch).as("accounts import: %s", out).isEqualTo(new Launch.Exited(0));
  }

  /**
   * Deletes the accounts earlier tests left in the shared database, so that every request is routed
   * to this test's account, and waits until both instances see the pool of one.
   */
  private void onlyThisAccountInThePool(Instance a, Instance b, AdminSession admin) {
    for (Object entry : accounts(a, admin)) {
      JsonObject account = (JsonObject) entry;
      if (!email.equals(account.getString("email"))) {
        HttpResponse<String> deleted =
            admin.send(a.dashboard(), "DELETE", "/api/accounts/" + account.getString("id"), null);
        assertThat(deleted.statusCode()).as(deleted.body()).isIn(204, 404);
      }
    }
    for (Instance instance : List.of(a, b)) {
      await()
          .atMost(Duration.ofSeconds(ServerProcess.STARTUP_LIMIT_SECONDS))
          .untilAsserted(() -> assertThat(accounts(instance, admin)).hasSize(1));
    }
  }

  private static JsonArray accounts(Instance instance, AdminSession admin) {
    HttpResponse<String> response = admin.send(instance.dashboard(), "GET", "/api/accounts", null);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return new JsonArray(response.body());
  }

  private String status(Instance instance, AdminSession admin) {
    for (Object entry : accounts(instance, admin)) {
      JsonObject account = (JsonObject) entry;
      if (email.equals(account.getString("email"))) {
        return account.getString("status");
      }
    }
    throw new AssertionError("no account " + email + " on " + instance.dashboard());
  }

  /**
   * Waits until {@code instance} accepts a key created on the other one: it learns of it through
   * the store's change feed, a few milliseconds later. {@code /v1/usage} checks the key without
   * reaching upstream, so the storm's 401s are left for the storm.
   */
  private static void keyKnownOn(Instance instance, String key) {
    await()
        .atMost(Duration.ofSeconds(10))
        .pollInterval(Duration.ofMillis(50))
        .until(
            () ->
                Http.get(instance.proxy() + "/v1/usage", "Authorization", "Bearer " + key)
                        .statusCode()
                    == 200);
  }

  private static String createKey(Instance instance, AdminSession admin) {
    HttpResponse<String> created =
        admin.send(instance.dashboard(), "POST", "/api/api-keys", "{\"name\":\"refresh storm\"}");
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    return new JsonObject(created.body()).getString("key");
  }

  private static HttpRequest responsesRequest(Instance instance, String key) {
    return HttpRequest.newBuilder(URI.create(instance.proxy() + "/v1/responses"))
        .timeout(REQUEST_LIMIT)
        .header("Content-Type", "application/json")
        .header("Authorization", "Bearer " + key)
        .POST(HttpRequest.BodyPublishers.ofString(BODY))
        .build();
  }

  private static HttpResponse<String> responses(Instance instance, String key) {
    try {
      return CLIENT.send(responsesRequest(instance, key), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new AssertionError("POST /v1/responses on " + instance.proxy() + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  private static CompletableFuture<HttpResponse<String>> responsesAsync(
      Instance instance, String key) {
    return CLIENT.sendAsync(responsesRequest(instance, key), HttpResponse.BodyHandlers.ofString());
  }
}
