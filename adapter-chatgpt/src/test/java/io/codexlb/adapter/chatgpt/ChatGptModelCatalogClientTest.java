package io.codexlb.adapter.chatgpt;

import static org.assertj.core.api.Assertions.assertThat;

import io.codexlb.domain.upstream.UpstreamFailure;
import io.codexlb.port.out.ModelCatalogReply;
import io.codexlb.port.out.UpstreamCredentials;
import io.codexlb.testkit.FakeChatGptBackend;
import io.codexlb.testkit.RecordedRequest;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The catalog client against the testkit's fake backend (the protocol), and against a bare server
 * for the answers the fake does not give (errors, bodies that are not a catalog).
 */
class ChatGptModelCatalogClientTest {

  private static final String TOKEN = "account-token-secret";
  private static final UpstreamCredentials ACCOUNT = new UpstreamCredentials(TOKEN, "acct-1");

  private static Vertx vertx;
  private static FakeChatGptBackend backend;
  private static HttpServer bare;
  private static volatile Handler<HttpServerRequest> bareAnswer;

  @BeforeAll
  static void start() throws Exception {
    vertx = Vertx.vertx();
    backend = FakeChatGptBackend.start(vertx);
    bare =
        vertx
            .createHttpServer()
            .requestHandler(request -> bareAnswer.handle(request))
            .listen(0, "127.0.0.1")
            .toCompletionStage()
            .toCompletableFuture()
            .get(10, TimeUnit.SECONDS);
  }

  @AfterAll
  static void stop() throws Exception {
    backend.close().toCompletableFuture().get(10, TimeUnit.SECONDS);
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @BeforeEach
  void forget() {
    backend.reset();
  }

  @Test
  void readsTheBackendsCatalogInItsOrderWithEveryEntryWhole() throws Exception {
    ModelCatalogReply reply = fetch(backend.baseUrl());

    assertThat(reply).isInstanceOf(ModelCatalogReply.Fetched.class);
    var models = ((ModelCatalogReply.Fetched) reply).models();
    assertThat(models)
        .extracting(ModelCatalogReply.Entry::slug)
        .containsExactly("gpt-5.1-codex", "gpt-5.1-codex-mini", "gpt-5.1");
    JsonObject first = new JsonObject(models.get(0).json());
    assertThat(first.getString("slug")).isEqualTo("gpt-5.1-codex");
    assertThat(first.getString("display_name")).isEqualTo("gpt-5.1-codex");
    assertThat(first.getJsonArray("supported_reasoning_levels")).hasSize(3);
    assertThat(first.getBoolean("prefer_websockets")).isFalse();
  }

  @Test
  void asksAsTheAccountAndAsCodexAtTheConfiguredVersion() throws Exception {
    fetch(backend.baseUrl());

    assertThat(backend.requests()).hasSize(1);
    RecordedRequest received = backend.requests().get(0);
    assertThat(received.method()).isEqualTo("GET");
    assertThat(received.path()).isEqualTo("/backend-api/codex/models");
    assertThat(received.query()).isEqualTo("client_version=0.144.0");
    assertThat(received.header("authorization")).contains("Bearer " + TOKEN);
    assertThat(received.accountId()).contains("acct-1");
    assertThat(received.header("accept")).contains("application/json");
    assertThat(received.header("x-request-id")).isPresent();
    assertThat(received.header("originator")).contains("codex_cli_rs");
    assertThat(received.header("version")).contains("0.144.0");
    assertThat(received.header("user-agent"))
        .hasValueSatisfying(ua -> assertThat(ua).startsWith("codex_cli_rs/0.144.0"));
  }

  @Test
  void aSyntheticAccountIdIsNotSent() throws Exception {
    ChatGptModelCatalogClient client = client(backend.baseUrl());
    try {
      client
          .fetch(new UpstreamCredentials(TOKEN, "local_abc"))
          .toCompletableFuture()
          .get(10, TimeUnit.SECONDS);
    } finally {
      client.close().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    assertThat(backend.requests().get(0).accountId()).isEmpty();
  }

  @Test
  void anExpiredTokenIsAnUnauthorizedFailure() throws Exception {
    bareAnswer =
        request ->
            request
                .response()
                .setStatusCode(401)
                .end("{\"error\":{\"code\":\"token_expired\",\"message\":\"expired\"}}");

    UpstreamFailure failure = failure(fetch(bareUrl()));

    assertThat(failure).isInstanceOf(UpstreamFailure.Unauthorized.class);
    assertThat(failure.code()).isEqualTo("token_expired");
  }

  @Test
  void aServerErrorIsATransientFailureWithItsStatus() throws Exception {
    bareAnswer = request -> request.response().setStatusCode(503).end("busy");

    UpstreamFailure failure = failure(fetch(bareUrl()));

    assertThat(failure).isInstanceOf(UpstreamFailure.Transient.class);
    assertThat(((UpstreamFailure.Transient) failure).status()).isEqualTo(503);
  }

  @Test
  void shortAnswersToFetchesFromAPlainThreadAreAllRead() throws Exception {
    // Started from a plain thread, a short body used to be dispatched now and then before the
    // handler that reads it was set, and that fetch never completed.
    bareAnswer = request -> request.response().setStatusCode(503).end("busy");
    ChatGptModelCatalogClient client = client(bareUrl());
    try {
      for (int i = 0; i < 300; i++) {
        ModelCatalogReply reply =
            client.fetch(ACCOUNT).toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertThat(failure(reply).code()).isNotEmpty();
      }
    } finally {
      client.close().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void aBodyThatIsNotACatalogIsAFailure() throws Exception {
    bareAnswer = request -> request.response().setStatusCode(200).end("{\"data\":[]}");

    UpstreamFailure failure = failure(fetch(bareUrl()));

    assertThat(failure.code()).isEqualTo("invalid_catalog");
  }

  @Test
  void aRefusedConnectionIsAnUnreachableUpstreamThatNamesNoToken() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }

    UpstreamFailure failure = failure(fetch("http://127.0.0.1:" + closedPort + "/backend-api"));

    assertThat(failure).isInstanceOf(UpstreamFailure.Unreachable.class);
    assertThat(failure.code()).isEqualTo("connection_refused");
    assertThat(failure.message()).doesNotContain(TOKEN);
  }

  @Test
  void entriesWithoutASlugAreSkippedAndNumbersKeepTheirDigits() {
    String body =
        "{\"models\":[{\"slug\":\"a\",\"priority\":1.10},{\"display_name\":\"no slug\"},"
            + "\"not an object\",{\"slug\":\"  \"},{\"slug\":\"b\"}]}";

    ModelCatalogReply reply =
        ChatGptModelCatalogClient.catalog(200, body.getBytes(StandardCharsets.UTF_8));

    assertThat(((ModelCatalogReply.Fetched) reply).models())
        .containsExactly(
            new ModelCatalogReply.Entry("a", "{\"slug\":\"a\",\"priority\":1.10}"),
            new ModelCatalogReply.Entry("b", "{\"slug\":\"b\"}"));
  }

  @Test
  void aBodyThatIsNotJsonIsAFailure() {
    ModelCatalogReply reply =
        ChatGptModelCatalogClient.catalog(200, "<html>".getBytes(StandardCharsets.UTF_8));

    assertThat(failure(reply).code()).isEqualTo("invalid_catalog");
  }

  private static UpstreamFailure failure(ModelCatalogReply reply) {
    assertThat(reply).isInstanceOf(ModelCatalogReply.Failed.class);
    return ((ModelCatalogReply.Failed) reply).failure();
  }

  private static ModelCatalogReply fetch(String baseUrl) throws Exception {
    ChatGptModelCatalogClient client = client(baseUrl);
    try {
      return client.fetch(ACCOUNT).toCompletableFuture().get(10, TimeUnit.SECONDS);
    } finally {
      client.close().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }

  private static ChatGptModelCatalogClient client(String baseUrl) {
    UpstreamSettings settings =
        new UpstreamSettings(
            URI.create(baseUrl), Duration.ofSeconds(5), Duration.ofSeconds(30), 8, "0.144.0");
    return ChatGptModelCatalogClient.create(vertx, settings, Clock.systemUTC());
  }

  private static String bareUrl() {
    return "http://127.0.0.1:" + bare.actualPort() + "/backend-api";
  }
}
