package io.codexlb.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import io.codexlb.testkit.RecordedRequest;
import io.codexlb.testkit.Script;
import io.codexlb.testkit.StreamScript;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The data plane end to end: the real server, its SQLite store, the testkit's fake ChatGPT. */
class ProxyEndToEndTest {

  private static final String BODY =
      "{\"model\":\"gpt-5.2\",\"input\":\"Say hello\",\"stream\":%s}";

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

  private HttpResponse<String> post(String path, String body, String key) {
    return Http.post(fixture.url() + path, body, "Authorization", "Bearer " + key);
  }

  private static JsonObject error(HttpResponse<String> response) {
    return new JsonObject(response.body()).getJsonObject("error");
  }

  @Test
  void aStreamingRequestIsForwardedAsTheAccountAndStreamedBackAsSse() {
    String key = fixture().account("acc-1").key();
    fixture.start();

    HttpResponse<String> response = post("/v1/responses", BODY.formatted("true"), key);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("text/event-stream"));
    assertThat(response.headers().firstValue("X-Request-ID")).isPresent();
    List<String> events =
        response.body().lines().filter(line -> line.startsWith("event: ")).toList();
    assertThat(events.get(0)).isEqualTo("event: response.created");
    assertThat(events).contains("event: response.output_text.delta");
    assertThat(events.get(events.size() - 1)).isEqualTo("event: response.completed");
    RecordedRequest forwarded = fixture.backend.requests().get(0);
    assertThat(forwarded.header("Authorization")).hasValue("Bearer access-acc-1");
    assertThat(forwarded.accountId()).hasValue("acc-1");
    assertThat(forwarded.toString()).doesNotContain(key);
  }

  @Test
  void aNonStreamingRequestGetsOneResponsesObjectWithTheWholeAnswer() {
    String key = fixture().account("acc-1").key();
    fixture.start();

    HttpResponse<String> response = post("/v1/responses", BODY.formatted("false"), key);

    assertThat(response.statusCode()).isEqualTo(200);
    JsonObject answer = new JsonObject(response.body());
    assertThat(answer.getString("object")).isEqualTo("response");
    assertThat(answer.getString("status")).isEqualTo("completed");
    String text =
        answer
            .getJsonArray("output")
            .getJsonObject(0)
            .getJsonArray("content")
            .getJsonObject(0)
            .getString("text");
    assertThat(text).isEqualTo(StreamScript.DEFAULT_TEXT);
    assertThat(answer.getJsonObject("usage").getInteger("output_tokens")).isEqualTo(9);
  }

  @Test
  void theCodexRoutesServeToo() {
    String key = fixture().account("acc-1").key();
    fixture.start();

    for (String path : List.of("/backend-api/codex/responses", "/backend-api/codex/v1/responses")) {
      HttpResponse<String> response = post(path, BODY.formatted("true"), key);
      assertThat(response.statusCode()).as(path).isEqualTo(200);
      assertThat(response.body()).as(path).contains("event: response.completed");
    }
  }

  @Test
  void errorsHaveTheGuidesShapes() {
    String key = fixture().account("acc-1").key("--allowed-models", "gpt-5.5");
    fixture.start();

    HttpResponse<String> noKey = Http.post(fixture.url() + "/v1/responses", BODY.formatted("true"));
    assertThat(noKey.statusCode()).isEqualTo(401);
    assertThat(error(noKey).getString("code")).isEqualTo("invalid_api_key");
    assertThat(error(noKey).getString("type")).isEqualTo("invalid_request_error");

    HttpResponse<String> unknown =
        post("/v1/responses", BODY.formatted("true"), "sk-clb-" + "x".repeat(43));
    assertThat(new JsonObject(unknown.body()))
        .isEqualTo(
            new JsonObject(
                "{\"error\":{\"code\":\"invalid_api_key\",\"message\":\"Invalid API key\","
                    + "\"type\":\"invalid_request_error\"}}"));

    HttpResponse<String> model = post("/v1/responses", BODY.formatted("true"), key);
    assertThat(model.statusCode()).isEqualTo(403);
    assertThat(error(model).getString("code")).isEqualTo("model_not_allowed");
    assertThat(error(model).getString("message"))
        .isEqualTo("Model 'gpt-5.2' is not allowed for this API key");

    HttpResponse<String> badJson = post("/v1/responses", "{\"model\":", key);
    assertThat(badJson.statusCode()).isEqualTo(400);
    assertThat(error(badJson).getString("type")).isEqualTo("invalid_request_error");

    HttpResponse<String> noModel = post("/v1/responses", "{\"input\":\"hi\"}", key);
    assertThat(noModel.statusCode()).isEqualTo(400);
    assertThat(error(noModel).getString("message")).contains("model");

    HttpResponse<String> notBoolean =
        post("/v1/responses", "{\"model\":\"gpt-5.5\",\"stream\":\"yes\"}", key);
    assertThat(notBoolean.statusCode()).isEqualTo(400);
    assertThat(error(notBoolean).getString("message")).contains("stream");
    assertThat(fixture.backend.requests()).isEmpty();
  }

  @Test
  void aBodyOverTheLimitIs413() {
    String key = fixture().account("acc-1").key();
    fixture.start("--max-request-body-mb", "1");

    String big = "{\"model\":\"gpt-5.2\",\"input\":\"" + "a".repeat(1_100_000) + "\"}";
    HttpResponse<String> response = post("/v1/responses", big, key);

    assertThat(response.statusCode()).isEqualTo(413);
    assertThat(error(response).getString("type")).isEqualTo("invalid_request_error");
  }

  @Test
  void noAccountsIs503WithTheGuidesEnvelope() {
    String key = fixture().key();
    fixture.start();

    HttpResponse<String> response = post("/v1/responses", BODY.formatted("true"), key);

    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(new JsonObject(response.body()))
        .isEqualTo(
            new JsonObject(
                "{\"error\":{\"code\":\"no_accounts\",\"message\":\"No active accounts available\","
                    + "\"type\":\"server_error\"}}"));
  }

  @Test
  void aUsedUpKeyLimitIs429WithRetryAfter() {
    String key = fixture().account("acc-1").key("--limit", "requests:daily:1");
    fixture.start();

    assertThat(post("/v1/responses", BODY.formatted("false"), key).statusCode()).isEqualTo(200);
    HttpResponse<String> refused = post("/v1/responses", BODY.formatted("false"), key);

    assertThat(refused.statusCode()).isEqualTo(429);
    assertThat(error(refused).getString("code")).isEqualTo("rate_limit_exceeded");
    assertThat(error(refused).getString("type")).isEqualTo("rate_limit_error");
    assertThat(error(refused).getString("message"))
        .isEqualTo("API key requests daily limit exceeded");
    long retryAfter = Long.parseLong(refused.headers().firstValue("Retry-After").orElseThrow());
    assertThat(retryAfter).isBetween(1L, 86_400L);
  }

  @Test
  void anUpstreamFailureOnTheOnlyAccountIs502UpstreamError() {
    String key = fixture().account("acc-1").key();
    fixture.backend.account("acc-1").failsWith(500);
    fixture.start();

    HttpResponse<String> response = post("/v1/responses", BODY.formatted("true"), key);

    assertThat(response.statusCode()).isEqualTo(502);
    assertThat(new JsonObject(response.body()))
        .isEqualTo(
            new JsonObject(
                "{\"error\":{\"code\":\"upstream_error\",\"message\":\"Upstream service error\","
                    + "\"type\":\"server_error\"}}"));
  }

  @Test
  void aRateLimitedAccountFailsOverToAnotherBeforeTheClientSeesAnything() {
    String key = fixture().account("acc-1").account("acc-2").key();
    Instant reset = Instant.now().plusSeconds(3_600);
    fixture.backend.account("acc-1").rateLimited(reset);
    fixture.backend.account("acc-2").rateLimited(reset);
    fixture.backend.account("acc-1").once(Script.rateLimited(reset));
    fixture.start();
    // Both limited for good: the request tries both, then the pool has nothing left.
    HttpResponse<String> refused = post("/v1/responses", BODY.formatted("true"), key);
    assertThat(refused.statusCode()).isEqualTo(503);
    assertThat(error(refused).getString("code")).isEqualTo("no_accounts");
    assertThat(fixture.backend.requests())
        .extracting(request -> request.accountId().orElseThrow())
        .containsExactlyInAnyOrder("acc-1", "acc-2");
  }

  @Test
  void anOverloadInsideA200FailsOverToTheOtherAccount() {
    String key = fixture().account("acc-1").account("acc-2").key();
    fixture.start();
    // A session key pins the first request's account, so the test knows which one to overload.
    String body = "{\"model\":\"gpt-5.2\",\"input\":\"hi\",\"prompt_cache_key\":\"s-1\"}";
    assertThat(post("/v1/responses", body, key).statusCode()).isEqualTo(200);
    String pinned = fixture.backend.requests().get(0).accountId().orElseThrow();
    fixture.backend.account(pinned).once(Script.overloaded());

    HttpResponse<String> response = post("/v1/responses", body, key);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(new JsonObject(response.body()).getString("status")).isEqualTo("completed");
    List<String> served =
        fixture.backend.requests().stream().map(r -> r.accountId().orElseThrow()).toList();
    assertThat(served).hasSize(3);
    assertThat(served.get(1)).isEqualTo(pinned);
    assertThat(served.get(2)).isNotEqualTo(pinned);
  }

  @Test
  void theSamePromptCacheKeyStaysOnOneAccount() {
    String key = fixture().account("acc-1").account("acc-2").account("acc-3").key();
    fixture.start();
    String body = "{\"model\":\"gpt-5.2\",\"input\":\"hi\",\"prompt_cache_key\":\"thread-7\"}";

    for (int i = 0; i < 6; i++) {
      assertThat(post("/v1/responses", body, key).statusCode()).isEqualTo(200);
    }

    Set<String> served =
        fixture.backend.requests().stream()
            .map(request -> request.accountId().orElseThrow())
            .collect(Collectors.toSet());
    assertThat(served).hasSize(1);
  }

  @Test
  void everyServedRequestIsInTheRequestLogWithItsTokens() throws Exception {
    String key = fixture().account("acc-1").key();
    fixture.start();
    HttpResponse<String> response = post("/v1/responses", BODY.formatted("false"), key);
    String requestId = response.headers().firstValue("X-Request-ID").orElseThrow();

    fixture.stop();

    try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("store.db"));
        Statement query = db.createStatement();
        ResultSet row =
            query.executeQuery(
                "SELECT account_id, model, status_code, input_tokens, output_tokens"
                    + " FROM request_logs WHERE request_id = '"
                    + requestId
                    + "'")) {
      assertThat(row.next()).as("a request log for %s", requestId).isTrue();
      assertThat(row.getString("account_id")).isEqualTo("acc-1");
      assertThat(row.getString("model")).isEqualTo("gpt-5.2");
      assertThat(row.getInt("status_code")).isEqualTo(200);
      assertThat(row.getLong("input_tokens")).isEqualTo(12);
      assertThat(row.getLong("output_tokens")).isEqualTo(9);
    }
  }

  @Test
  void aSessionWhosePinnedAccountIsLimitedMovesToAnotherAndStaysThere() {
    String key = fixture().account("acc-1").account("acc-2").key();
    fixture.start();
    String body = "{\"model\":\"gpt-5.2\",\"input\":\"hi\",\"prompt_cache_key\":\"s-9\"}";
    assertThat(post("/v1/responses", body, key).statusCode()).isEqualTo(200);
    String pinned = fixture.backend.requests().get(0).accountId().orElseThrow();
    fixture.backend.account(pinned).rateLimited(Instant.now().plusSeconds(3_600));

    assertThat(post("/v1/responses", body, key).statusCode()).isEqualTo(200);
    assertThat(post("/v1/responses", body, key).statusCode()).isEqualTo(200);

    List<String> served =
        fixture.backend.requests().stream().map(r -> r.accountId().orElseThrow()).toList();
    assertThat(served).hasSize(4);
    assertThat(served.get(1)).as("tried the pin first").isEqualTo(pinned);
    assertThat(served.get(2)).isNotEqualTo(pinned);
    assertThat(served.get(3)).as("the new pin holds").isEqualTo(served.get(2));
  }

  @Test
  void concurrentRequestsNeverPassAKeysRequestLimit() throws Exception {
    String key = fixture().account("acc-1").key("--limit", "requests:daily:5");
    fixture.start();

    List<CompletableFuture<Integer>> statuses = new ArrayList<>();
    ExecutorService clients = Executors.newFixedThreadPool(10);
    try {
      for (int i = 0; i < 20; i++) {
        statuses.add(
            CompletableFuture.supplyAsync(
                () -> post("/v1/responses", BODY.formatted("false"), key).statusCode(), clients));
      }
      List<Integer> all = statuses.stream().map(CompletableFuture::join).toList();
      assertThat(all).filteredOn(status -> status == 200).hasSize(5);
      assertThat(all).filteredOn(status -> status == 429).hasSize(15);
    } finally {
      clients.shutdownNow();
    }
  }

  @Test
  void aClientThatDisconnectsMidStreamIsLoggedAs499AndTheServerCarriesOn() throws Exception {
    String key = fixture().account("acc-1").key();
    fixture
        .backend
        .account("acc-1")
        .once(
            Script.text("one two three four five six")
                .inDeltas(6)
                .withDelay(Duration.ofMillis(300)));
    fixture.start();
    URI uri = URI.create(fixture.url() + "/v1/responses");
    String request =
        "POST /v1/responses HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
            + key
            + "\r\nContent-Type: application/json\r\nContent-Length: "
            + BODY.formatted("true").length()
            + "\r\n\r\n"
            + BODY.formatted("true");
    String requestId;
    try (Socket socket = new Socket(uri.getHost(), uri.getPort())) {
      socket.getOutputStream().write(request.getBytes(StandardCharsets.UTF_8));
      BufferedReader reader =
          new BufferedReader(
              new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
      String line;
      String id = null;
      while ((line = reader.readLine()) != null
          && !line.startsWith("event: response.output_text.delta")) {
        if (line.regionMatches(true, 0, "X-Request-ID: ", 0, 14)) {
          id = line.substring(14).strip();
        }
      }
      requestId = id;
    }
    assertThat(requestId).isNotNull();
    assertThat(post("/v1/responses", BODY.formatted("false"), key).statusCode())
        .as("the server carries on")
        .isEqualTo(200);

    fixture.stop();

    try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("store.db"));
        Statement query = db.createStatement();
        ResultSet row =
            query.executeQuery(
                "SELECT status_code, error_code FROM request_logs WHERE request_id = '"
                    + requestId
                    + "'")) {
      assertThat(row.next()).isTrue();
      assertThat(row.getInt("status_code")).isEqualTo(499);
      assertThat(row.getString("error_code")).isEqualTo("client_closed_request");
    }
  }

  @Test
  void a401RefreshesTheAccountsTokenThroughOAuthAndRetries() throws Exception {
    Vertx vertx = Vertx.vertx();
    try {
      List<JsonObject> refreshes = new java.util.concurrent.CopyOnWriteArrayList<>();
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
                                request
                                    .response()
                                    .putHeader("Content-Type", "application/json")
                                    .end(
                                        new JsonObject()
                                            .put("access_token", "access-renewed")
                                            .put("refresh_token", "refresh-renewed")
                                            .put("id_token", "id-renewed")
                                            .encode());
                              }))
              .listen(0, "127.0.0.1")
              .toCompletionStage()
              .toCompletableFuture()
              .join();
      String key = fixture().account("acc-1").key();
      fixture.backend.account("acc-1").once(Script.unauthorized());
      fixture.start("--auth-base-url", "http://127.0.0.1:" + tokenEndpoint.actualPort());

      HttpResponse<String> response = post("/v1/responses", BODY.formatted("false"), key);

      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(refreshes)
          .singleElement()
          .satisfies(
              grant -> {
                assertThat(grant.getString("grant_type")).isEqualTo("refresh_token");
                assertThat(grant.getString("refresh_token")).isEqualTo("refresh-acc-1");
              });
      assertThat(fixture.backend.requests())
          .extracting(request -> request.header("Authorization").orElseThrow())
          .containsExactly("Bearer access-acc-1", "Bearer access-renewed");
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().join();
    }
  }
}
