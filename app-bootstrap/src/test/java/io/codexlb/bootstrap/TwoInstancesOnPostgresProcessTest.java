package io.codexlb.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.codexlb.adapter.postgres.testing.PostgresTestDatabase;
import io.codexlb.testkit.FakeChatGptBackend;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two real server processes on one PostgreSQL store, as two instances behind a load balancer: an
 * admin session, a key disabled or enabled and a settings change made through instance A hold on
 * instance B within a second, through the store's change notifications. Both forward to one fake
 * ChatGPT backend. Skipped, saying why, without PostgreSQL ({@code CODEX_LB_TEST_DATABASE_URL});
 * failed instead when {@code CODEX_LB_TEST_REQUIRE_POSTGRES=true}.
 */
class TwoInstancesOnPostgresProcessTest {

  /** The key the shared test database was first used with (its fingerprint is stored). */
  private static final String POSTGRES_TEST_KEY = "Y3Jhc2gtc2FmZXR5LXRlc3Qta2V5LTMyLWJ5dGVzISE=";

  private static final String PASSWORD = "two instances password";
  private static final Duration WITHIN = Duration.ofSeconds(1);
  private static final String BODY =
      "{\"model\":\"gpt-5.2\",\"input\":\"Say hello\",\"stream\":false}";

  @TempDir Path dirA;
  @TempDir Path dirB;

  private final List<ServerProcess> servers = new ArrayList<>();
  private FakeChatGptBackend backend;
  private Instance a;
  private Instance b;

  /** One running server: its listeners' URLs. */
  private record Instance(String proxy, String dashboard) {}

  /** A logged-in admin: the session cookie and the CSRF token that go with it. */
  @BeforeEach
  void startTwoInstances() throws Exception {
    String url = PostgresTestDatabase.get().databaseUrl();
    backend = FakeChatGptBackend.start();
    Map<String, String> env =
        Map.of("CODEX_LB_DATABASE_URL", url, "CODEX_LB_ADMIN_PASSWORD", PASSWORD);
    for (Path dir : List.of(dirA, dirB)) {
      Files.writeString(dir.resolve("encryption.key"), POSTGRES_TEST_KEY + "\n");
    }
    TestAccounts.importAccount(
        dirA, env, "acc-two-" + UUID.randomUUID().toString().substring(0, 8));
    a = start(env, dirA);
    b = start(env, dirB);
  }

  @AfterEach
  void stop() {
    servers.forEach(ServerProcess::close);
    if (backend != null) {
      backend.close().toCompletableFuture().join();
    }
  }

  private Instance start(Map<String, String> env, Path dir) throws Exception {
    ServerProcess server = ServerProcess.startOn(env, dir, backend.baseUrl());
    servers.add(server);
    Instance instance =
        new Instance(
            server.awaitListening("Proxy API"), server.awaitListening("Dashboard and admin API"));
    await()
        .atMost(Duration.ofSeconds(ServerProcess.STARTUP_LIMIT_SECONDS))
        .untilAsserted(
            () ->
                assertThat(Http.get(instance.proxy() + "/health/ready").statusCode())
                    .isEqualTo(200));
    return instance;
  }

  private static int version(Instance instance, AdminSession admin) {
    HttpResponse<String> response = admin.send(instance.dashboard(), "GET", "/api/settings", null);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return versionOf(response);
  }

  private static int versionOf(HttpResponse<String> settings) {
    return new JsonObject(settings.body()).getInteger("version");
  }

  private static int responses(Instance instance, String key) {
    return Http.post(instance.proxy() + "/v1/responses", BODY, "Authorization", "Bearer " + key)
        .statusCode();
  }

  @Test
  void aSessionFromInstanceAIsAcceptedByBAndItsLogoutEndsItThere() {
    AdminSession admin = AdminSession.login(a.dashboard(), PASSWORD);
    assertThat(admin.send(b.dashboard(), "GET", "/api/runtime/version", null).statusCode())
        .as("the session made on A, on B")
        .isEqualTo(200);

    assertThat(admin.send(a.dashboard(), "POST", "/api/dashboard-auth/logout", "").statusCode())
        .isEqualTo(200);

    await()
        .atMost(WITHIN)
        .untilAsserted(
            () ->
                assertThat(
                        admin.send(b.dashboard(), "GET", "/api/runtime/version", null).statusCode())
                    .isEqualTo(401));
  }

  @Test
  void aKeyDisabledThroughAIsRefusedByBsProxyWithinASecondAndEnabledAgain() {
    AdminSession admin = AdminSession.login(a.dashboard(), PASSWORD);
    HttpResponse<String> created =
        admin.send(a.dashboard(), "POST", "/api/api-keys", "{\"name\":\"two instances\"}");
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    String key = new JsonObject(created.body()).getString("key");
    String id = new JsonObject(created.body()).getString("id");
    // Not the bound under test: B's first proxied request also sets up its upstream connection.
    await()
        .atMost(Duration.ofSeconds(ServerProcess.STARTUP_LIMIT_SECONDS))
        .untilAsserted(() -> assertThat(responses(b, key)).as("a new key on B").isEqualTo(200));

    HttpResponse<String> disabled =
        admin.send(a.dashboard(), "PATCH", "/api/api-keys/" + id, "{\"is_active\":false}");
    assertThat(disabled.statusCode()).as(disabled.body()).isEqualTo(200);
    await().atMost(WITHIN).untilAsserted(() -> assertThat(responses(b, key)).isEqualTo(401));

    HttpResponse<String> enabled =
        admin.send(a.dashboard(), "PATCH", "/api/api-keys/" + id, "{\"is_active\":true}");
    assertThat(enabled.statusCode()).as(enabled.body()).isEqualTo(200);
    await().atMost(WITHIN).untilAsserted(() -> assertThat(responses(b, key)).isEqualTo(200));
  }

  @Test
  void settingsChangedOnAAreSeenByBWithinASecond() {
    AdminSession admin = AdminSession.login(a.dashboard(), PASSWORD);
    HttpResponse<String> before = admin.send(a.dashboard(), "GET", "/api/settings", null);
    boolean sticky = new JsonObject(before.body()).getBoolean("sticky_threads_enabled");

    HttpResponse<String> changed =
        admin.send(
            a.dashboard(),
            "PUT",
            "/api/settings",
            "{\"version\":" + version(a, admin) + ",\"sticky_threads_enabled\":" + !sticky + "}");
    assertThat(changed.statusCode()).as(changed.body()).isEqualTo(200);
    int saved = versionOf(changed);

    await()
        .atMost(WITHIN)
        .untilAsserted(
            () -> {
              HttpResponse<String> onB = admin.send(b.dashboard(), "GET", "/api/settings", null);
              assertThat(new JsonObject(onB.body()).getBoolean("sticky_threads_enabled"))
                  .isEqualTo(!sticky);
              assertThat(versionOf(onB)).isEqualTo(saved);
            });
  }
}
