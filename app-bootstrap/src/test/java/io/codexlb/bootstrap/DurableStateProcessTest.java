package io.codexlb.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What requests learn is durable within a second, without a clean shutdown: a real server process
 * is killed with SIGKILL ({@code kill -9}) once its 1 s write-behind has written what it learned,
 * and the restarted server still knows it. No test code flushes anything.
 */
class DurableStateProcessTest {

  private static final String BODY =
      "{\"model\":\"gpt-5.2\",\"input\":\"Say hello\",\"stream\":false}";

  /** A bound for the write-behind to show in the store; generous for a slow machine. */
  private static final Duration WRITTEN_WITHIN = Duration.ofSeconds(15);

  @TempDir Path dataDir;

  private final List<ServerProcess> servers = new ArrayList<>();
  private ProxyFixture fixture;

  @AfterEach
  void killLeftovers() {
    servers.forEach(ServerProcess::close);
    if (fixture != null) {
      fixture.close();
    }
  }

  private String start() throws Exception {
    ServerProcess server = ServerProcess.startOn(Map.of(), dataDir, fixture.backend.baseUrl());
    servers.add(server);
    return server.awaitListening("Proxy API");
  }

  /** SIGKILL: no shutdown hook, no last flush. */
  private void kill9() throws InterruptedException {
    ServerProcess server = servers.get(servers.size() - 1);
    server.process().destroyForcibly();
    assertThat(
            server
                .process()
                .waitFor(
                    ServerProcess.STARTUP_LIMIT_SECONDS, java.util.concurrent.TimeUnit.SECONDS))
        .isTrue();
    assertThat(server.process().exitValue()).as("killed by SIGKILL").isEqualTo(128 + 9);
  }

  private Connection store() throws SQLException {
    return DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("store.db"));
  }

  private String accountStatus(String id) throws SQLException {
    try (Connection db = store();
        PreparedStatement query = db.prepareStatement("SELECT status FROM accounts WHERE id = ?")) {
      query.setString(1, id);
      try (ResultSet row = query.executeQuery()) {
        assertThat(row.next()).as("account %s", id).isTrue();
        return row.getString(1);
      }
    }
  }

  /** The server request ids logged for a client request id. */
  private List<String> loggedFor(String clientRequestId) throws SQLException {
    try (Connection db = store();
        PreparedStatement query =
            db.prepareStatement(
                "SELECT request_id FROM request_logs WHERE client_request_id = ?")) {
      query.setString(1, clientRequestId);
      List<String> ids = new ArrayList<>();
      try (ResultSet rows = query.executeQuery()) {
        while (rows.next()) {
          ids.add(rows.getString(1));
        }
      }
      return ids;
    }
  }

  @Test
  void aRateLimitAndTheRequestLogsSurviveKillNine() throws Exception {
    fixture = new ProxyFixture(dataDir).account("acc-limited").account("acc-ok");
    String key = fixture.key();
    Instant resetsAt = Instant.now().plus(Duration.ofHours(2)).truncatedTo(ChronoUnit.SECONDS);
    fixture.backend.account("acc-limited").rateLimited(resetsAt);
    String proxy = start();

    // One client reusing its X-Request-ID for five requests: five rows, each under its own id.
    for (int i = 0; i < 5; i++) {
      HttpResponse<String> answer =
          Http.post(
              proxy + "/v1/responses",
              BODY,
              "Authorization",
              "Bearer " + key,
              "X-Request-ID",
              "client-reused-id");
      assertThat(answer.statusCode()).as("answer: %s", answer.body()).isEqualTo(200);
      assertThat(answer.headers().firstValue("X-Request-ID")).contains("client-reused-id");
    }
    // Until routing has tried the limited account once (it answers 429; failover serves).
    await()
        .atMost(WRITTEN_WITHIN)
        .until(
            () -> {
              Http.post(proxy + "/v1/responses", BODY, "Authorization", "Bearer " + key);
              return !fixture.backend.requestsFor("acc-limited").isEmpty();
            });
    int limitedTried = fixture.backend.requestsFor("acc-limited").size();

    // The 1 s write-behind, not a shutdown, puts what was learned in the store.
    await().atMost(WRITTEN_WITHIN).until(() -> accountStatus("acc-limited").equals("rate_limited"));
    await().atMost(WRITTEN_WITHIN).until(() -> loggedFor("client-reused-id").size() == 5);
    kill9();

    Set<String> serverIds = new HashSet<>(loggedFor("client-reused-id"));
    assertThat(serverIds).as("five rows, five server ids").hasSize(5);
    assertThat(serverIds).doesNotContain("client-reused-id");
    assertThat(fixture.cli("accounts", "list"))
        .as("the command line reads the state the killed server wrote")
        .contains("rate_limited");

    String restarted = start();
    for (int i = 0; i < 6; i++) {
      HttpResponse<String> answer =
          Http.post(restarted + "/v1/responses", BODY, "Authorization", "Bearer " + key);
      assertThat(answer.statusCode()).as("answer: %s", answer.body()).isEqualTo(200);
    }
    assertThat(fixture.backend.requestsFor("acc-limited"))
        .as("the restarted server does not send requests to the rate-limited account")
        .hasSize(limitedTried);
    assertThat(fixture.backend.requestsFor("acc-ok")).hasSizeGreaterThanOrEqualTo(5 + 6);
  }

  @Test
  void aStickyPinSurvivesKillNineAndARestart() throws Exception {
    fixture = new ProxyFixture(dataDir).account("acc-1").account("acc-2").account("acc-3");
    String key = fixture.key();
    String proxy = start();
    String pinned = "{\"model\":\"gpt-5.2\",\"input\":\"hi\",\"prompt_cache_key\":\"conv-42\"}";

    HttpResponse<String> first =
        Http.post(proxy + "/v1/responses", pinned, "Authorization", "Bearer " + key);
    assertThat(first.statusCode()).as("answer: %s", first.body()).isEqualTo(200);
    String account = servedBy();

    await().atMost(WRITTEN_WITHIN).until(() -> account.equals(storedPin("conv-42")));
    kill9();

    String restarted = start();
    for (int i = 0; i < 10; i++) {
      HttpResponse<String> answer =
          Http.post(restarted + "/v1/responses", pinned, "Authorization", "Bearer " + key);
      assertThat(answer.statusCode()).as("answer: %s", answer.body()).isEqualTo(200);
    }
    // Three healthy accounts: without the pin, ten requests would not all land on one.
    assertThat(fixture.backend.requestsFor(account)).hasSize(11);
  }

  /** The one account the backend saw requests for. */
  private String servedBy() {
    List<String> seen = new ArrayList<>();
    for (String id : List.of("acc-1", "acc-2", "acc-3")) {
      if (!fixture.backend.requestsFor(id).isEmpty()) {
        seen.add(id);
      }
    }
    assertThat(seen).hasSize(1);
    return seen.get(0);
  }

  private String storedPin(String key) throws SQLException {
    try (Connection db = store();
        PreparedStatement query =
            db.prepareStatement("SELECT account_id FROM sticky_sessions WHERE key = ?")) {
      query.setString(1, key);
      try (ResultSet row = query.executeQuery()) {
        return row.next() ? row.getString(1) : "";
      }
    }
  }
}
