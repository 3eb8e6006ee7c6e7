package io.codexlb.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.codexlb.testkit.FakeChatGptBackend;
import io.codexlb.testkit.FakeChatGptBackendOptions;
import io.codexlb.testkit.Script;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Faults end to end (issue 14, points 3 and 4): the real server, its SQLite store, the testkit's
 * fake ChatGPT scripted to refuse connections, rate limit, hold every slot or expire a token.
 */
class FaultsEndToEndTest {

  private static final String BODY = "{\"model\":\"gpt-5.2\",\"input\":\"hi\",\"stream\":false}";

  @TempDir Path dataDir;

  private ProxyFixture fixture;
  private final List<AutoCloseable> closing = new ArrayList<>();

  @AfterEach
  void close() throws Exception {
    if (fixture != null) {
      fixture.close();
    }
    for (AutoCloseable resource : closing) {
      resource.close();
    }
  }

  private ProxyFixture fixture() {
    fixture = new ProxyFixture(dataDir);
    return fixture;
  }

  private static JsonObject error(HttpResponse<String> response) {
    return new JsonObject(response.body()).getJsonObject("error");
  }

  private static long retryAfter(HttpResponse<String> response) {
    return Long.parseLong(response.headers().firstValue("Retry-After").orElseThrow());
  }

  /** {@code count} requests at once, from threads of their own; their answers in order. */
  private List<HttpResponse<String>> concurrently(int count, String key) {
    ExecutorService clients = Executors.newFixedThreadPool(count);
    try {
      List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        calls.add(
            CompletableFuture.supplyAsync(() -> fixture.post("/v1/responses", BODY, key), clients));
      }
      return calls.stream().map(CompletableFuture::join).toList();
    } finally {
      clients.shutdownNow();
    }
  }

  private static int freePort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  @Test
  void anUpstreamRefusingConnectionsIs503UpstreamUnavailableAndServesAgainOnceItIsBack()
      throws Exception {
    int port = freePort();
    String key = fixture().account("acc-1").key();
    fixture.startWithUpstream("http://127.0.0.1:" + port + "/backend-api");

    Logger failover = (Logger) LoggerFactory.getLogger("io.codexlb.application.FailoverLoop");
    ListAppender<ILoggingEvent> captured = new ListAppender<>();
    captured.start();
    failover.addAppender(captured);
    HttpResponse<String> down;
    try {
      down = fixture.post("/v1/responses", BODY, key);
    } finally {
      failover.detachAppender(captured);
    }

    String requestId = down.headers().firstValue("X-Request-ID").orElseThrow();
    assertThat(captured.list)
        .as("one line per failed attempt, at WARN, with request id, account and cause")
        .hasSize(3)
        .allSatisfy(
            event -> {
              assertThat(event.getLevel()).isEqualTo(Level.WARN);
              assertThat(event.getFormattedMessage())
                  .contains("request " + requestId)
                  .contains("on account ")
                  .contains("connection_refused")
                  .doesNotContain("access-acc-1")
                  .doesNotContain("refresh-acc-1");
            });
    assertThat(down.statusCode()).isEqualTo(503);
    assertThat(error(down).getString("code")).isEqualTo("upstream_unavailable");
    assertThat(error(down).getString("type")).isEqualTo("server_error");
    assertThat(retryAfter(down)).isBetween(1L, 16L);

    FakeChatGptBackend back =
        FakeChatGptBackend.start(FakeChatGptBackendOptions.defaults().withPort(port));
    closing.add(() -> back.close().toCompletableFuture().join());
    back.account("acc-1").respondsWith(Script.text("back again"));

    // The only account was tried three times against a closed port: benched, it would now answer
    // 503 no_accounts for 30 s; instead it serves as soon as the breaker's probe gets through.
    List<String> refusedWith = new CopyOnWriteArrayList<>();
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(200))
        .untilAsserted(
            () -> {
              HttpResponse<String> response = fixture.post("/v1/responses", BODY, key);
              if (response.statusCode() != 200) {
                refusedWith.add(response.statusCode() + " " + error(response).getString("code"));
              }
              assertThat(response.statusCode()).isEqualTo(200);
            });
    assertThat(refusedWith)
        .as("while the breaker was open")
        .containsOnly("503 upstream_unavailable");
    assertThat(back.requestsFor("acc-1")).isNotEmpty();
  }

  @Test
  void requestsBeyondEveryAccountsCapWaitForASlotAndAreServed() {
    String key = fixture().account("acc-1").key();
    fixture.backend.account("acc-1").respondsWith(Script.slowFirstByte(Duration.ofMillis(1_500)));
    fixture.start();

    List<HttpResponse<String>> answers = concurrently(10, key);

    assertThat(answers)
        .as("8 run at once (account_stream_limit), 2 wait for their slots")
        .allSatisfy(response -> assertThat(response.statusCode()).isEqualTo(200));
    assertThat(fixture.backend.requestsFor("acc-1")).hasSize(10);
  }

  @Test
  void requestsThatWaitLongerThanTheQueueTimeoutGet429AccountsBusy() {
    String key = fixture().account("acc-1").key();
    fixture.backend.account("acc-1").respondsWith(Script.slowFirstByte(Duration.ofSeconds(4)));
    fixture.start("--account-queue-timeout-seconds", "1");

    List<HttpResponse<String>> answers = concurrently(10, key);

    assertThat(answers).filteredOn(r -> r.statusCode() == 200).hasSize(8);
    assertThat(answers)
        .filteredOn(r -> r.statusCode() != 200)
        .hasSize(2)
        .allSatisfy(
            busy -> {
              assertThat(busy.statusCode()).isEqualTo(429);
              assertThat(error(busy).getString("code")).isEqualTo("accounts_busy");
              assertThat(error(busy).getString("type")).isEqualTo("rate_limit_error");
              assertThat(retryAfter(busy)).isPositive();
            });
  }

  @Test
  void tenConcurrentRequestsOnAnExpiredTokenShareOneRefreshAndAreAllServed() throws Exception {
    Vertx vertx = Vertx.vertx();
    closing.add(() -> vertx.close().toCompletionStage().toCompletableFuture().join());
    List<JsonObject> refreshes = new CopyOnWriteArrayList<>();
    HttpServer tokenEndpoint =
        vertx
            .createHttpServer()
            .requestHandler(
                request ->
                    request
                        .body()
                        .onSuccess(
                            body -> {
                              refreshes.add(body.toJsonObject());
                              // Slow enough that the other requests meet the renewal running.
                              vertx.setTimer(
                                  300,
                                  id ->
                                      request
                                          .response()
                                          .putHeader("Content-Type", "application/json")
                                          .end(
                                              new JsonObject()
                                                  .put("access_token", "access-renewed")
                                                  .put("refresh_token", "refresh-renewed")
                                                  .put("id_token", "id-renewed")
                                                  .encode()));
                            }))
            .listen(0, "127.0.0.1")
            .toCompletionStage()
            .toCompletableFuture()
            .join();
    String key = fixture().account("acc-1").key();
    fixture.backend.account("acc-1").rejectsToken("access-acc-1");
    fixture.start("--auth-base-url", "http://127.0.0.1:" + tokenEndpoint.actualPort());

    List<HttpResponse<String>> answers = concurrently(10, key);

    assertThat(answers)
        .allSatisfy(
            response -> assertThat(response.statusCode()).as(response.body()).isEqualTo(200));
    assertThat(refreshes).hasSize(1);
  }

  @Test
  void everyAccountRateLimitedIs503NoAccountsWithRetryAfterAtTheEarliestResetNever502() {
    Instant soon = Instant.now().plusSeconds(120);
    String key = fixture().account("acc-1").account("acc-2").account("acc-3").key();
    fixture.backend.account("acc-1").rateLimited(soon);
    fixture.backend.account("acc-2").rateLimited(soon.plusSeconds(600));
    fixture.backend.account("acc-3").rateLimited(soon.plusSeconds(1_200));
    fixture.start();

    HttpResponse<String> first = fixture.post("/v1/responses", BODY, key);
    HttpResponse<String> second = fixture.post("/v1/responses", BODY, key);

    for (HttpResponse<String> response : List.of(first, second)) {
      assertThat(response.statusCode()).isEqualTo(503);
      assertThat(error(response).getString("code")).isEqualTo("no_accounts");
      assertThat(error(response).getString("message")).isEqualTo("No active accounts available");
      assertThat(retryAfter(response)).isBetween(100L, 121L);
    }
  }
}
