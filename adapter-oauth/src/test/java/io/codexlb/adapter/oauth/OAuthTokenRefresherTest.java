package io.codexlb.adapter.oauth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.codexlb.domain.account.PermanentAuthFailure;
import io.codexlb.port.out.TokenRefresh;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.slf4j.LoggerFactory;

/** The refresher against a local HTTP server standing in for the token endpoint. */
class OAuthTokenRefresherTest {

  private static final String OLD_REFRESH = "old-refresh-token-secret";
  private static final String NEW_ACCESS = "new-access-token-secret";
  private static final String NEW_REFRESH = "new-refresh-token-secret";
  private static final String NEW_ID = "new-id-token-secret";
  private static final String TOKENS =
      "{\"access_token\":\""
          + NEW_ACCESS
          + "\",\"refresh_token\":\""
          + NEW_REFRESH
          + "\",\"id_token\":\""
          + NEW_ID
          + "\",\"expires_in\":864000}";
  private static final ObjectMapper JSON = new ObjectMapper();

  private static Vertx vertx;
  private static HttpServer server;
  private static volatile Handler<HttpServerRequest> endpoint;

  /** What the endpoint received: method, path, content type and body of each request. */
  private final List<Received> received = new CopyOnWriteArrayList<>();

  private OAuthTokenRefresher refresher;

  @BeforeAll
  static void startEndpoint() throws Exception {
    vertx = Vertx.vertx();
    server =
        vertx
            .createHttpServer()
            .requestHandler(request -> endpoint.handle(request))
            .listen(0, "127.0.0.1")
            .toCompletionStage()
            .toCompletableFuture()
            .get(10, TimeUnit.SECONDS);
  }

  @AfterAll
  static void stopEndpoint() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @BeforeEach
  void createRefresher() {
    refresher = OAuthTokenRefresher.create(vertx, settings(Duration.ofSeconds(60)));
  }

  @AfterEach
  void closeRefresher() throws Exception {
    refresher.close().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  void sendsTheRefreshGrantAsJsonToTheTokenEndpoint() throws Exception {
    answer(200, TOKENS);

    refresh(OLD_REFRESH);

    assertThat(received).hasSize(1);
    Received request = received.get(0);
    assertThat(request.method()).isEqualTo("POST");
    assertThat(request.path()).isEqualTo("/oauth/token");
    assertThat(request.contentType()).isEqualTo("application/json");
    JsonNode body = JSON.readTree(request.body());
    assertThat(body.properties())
        .extracting(entry -> entry.getKey() + "=" + entry.getValue().asText())
        .containsExactlyInAnyOrder(
            "grant_type=refresh_token",
            "client_id=app_EMoamEEZ73f0CkXaXp7hrann",
            "refresh_token=" + OLD_REFRESH,
            "scope=openid profile email");
  }

  @Test
  void aBaseUrlWithAPathKeepsIt() throws Exception {
    closeRefresher();
    refresher =
        OAuthTokenRefresher.create(
            vertx,
            settings(Duration.ZERO)
                .withAuthBaseUrl(URI.create("http://127.0.0.1:" + server.actualPort() + "/auth/")));
    answer(200, TOKENS);

    refresh(OLD_REFRESH);

    assertThat(received).extracting(Received::path).containsExactly("/auth/oauth/token");
  }

  @Test
  void aSuccessGivesTheNewTokens() throws Exception {
    answer(200, TOKENS);

    TokenRefresh outcome = refresh(OLD_REFRESH);

    assertThat(outcome).isEqualTo(new TokenRefresh.Refreshed(NEW_ACCESS, NEW_REFRESH, NEW_ID));
  }

  @Test
  void aRefreshStartedOnAnEventLoopCompletes() throws Exception {
    answer(200, TOKENS);
    CompletableFuture<TokenRefresh> outcome = new CompletableFuture<>();

    vertx.runOnContext(ignored -> refresher.refresh(OLD_REFRESH).whenComplete(completing(outcome)));

    assertThat(outcome.get(10, TimeUnit.SECONDS)).isInstanceOf(TokenRefresh.Refreshed.class);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "400 | {\"error\":\"invalid_grant\",\"error_description\":\"Invalid refresh token\"}"
            + " | invalid_grant",
        "401 | {\"error\":{\"code\":\"refresh_token_reused\",\"message\":\"reused\"}}"
            + " | refresh_token_reused",
        "401 | {\"error\":{\"code\":\"refresh_token_expired\",\"message\":\"expired\"}}"
            + " | refresh_token_expired",
        "403 | {\"error\":{\"code\":\"account_deactivated\",\"message\":\"gone\"}}"
            + " | account_deactivated"
      })
  void aKnownPermanentRefusalIsPermanent(int status, String body, String code) throws Exception {
    answer(status, body);

    TokenRefresh outcome = refresh(OLD_REFRESH);

    assertThat(outcome)
        .isEqualTo(
            new TokenRefresh.FailedPermanently(
                PermanentAuthFailure.forErrorCode(code).orElseThrow()));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "400 | {\"error\":\"unsupported_grant_type\"}"
            + " | token endpoint answered HTTP 400 with error 'unsupported_grant_type',"
            + " not a permanent one",
        "500 | {\"error\":\"invalid_grant\"} | token endpoint answered HTTP 500 with error"
            + " 'invalid_grant'",
        "503 | <html>down</html> | token endpoint answered HTTP 503 without an error code",
        "429 | {\"error\":{\"code\":\"rate_limited\"}} | token endpoint answered HTTP 429 with"
            + " error 'rate_limited'",
        "200 | {\"access_token\": | token endpoint answered HTTP 200 with a body that is not a JSON"
            + " object",
        "200 | {\"access_token\":\"a\",\"refresh_token\":\"r\"} | token endpoint answered HTTP 200"
            + " without id_token"
      })
  void anythingElseIsTransientWithAOneLineReason(int status, String body, String reason)
      throws Exception {
    answer(status, body);

    TokenRefresh outcome = refresh(OLD_REFRESH);

    assertThat(outcome).isEqualTo(new TokenRefresh.FailedTransiently(reason));
  }

  @Test
  void anEndpointThatDoesNotAnswerInTimeIsTransientAndItsSilentConnectionIsClosed()
      throws Exception {
    closeRefresher();
    refresher =
        OAuthTokenRefresher.create(
            vertx,
            new OAuthSettings(
                baseUrl(), Duration.ofSeconds(5), Duration.ofMillis(300), Duration.ZERO));
    CompletableFuture<Void> cut = new CompletableFuture<>();
    endpoint =
        request -> {
          record(request);
          request.connection().closeHandler(ignored -> cut.complete(null));
        };

    TokenRefresh outcome = refresh(OLD_REFRESH);

    assertThat(outcome)
        .isEqualTo(
            new TokenRefresh.FailedTransiently("token endpoint did not answer within 300 ms"));
    assertThat(cut).succeedsWithin(Duration.ofSeconds(10));
  }

  @Test
  void tokensThatArriveAfterTheDeadlineAreKeptForTheNextCallerWithTheOldToken() throws Exception {
    closeRefresher();
    refresher =
        OAuthTokenRefresher.create(
            vertx,
            new OAuthSettings(
                baseUrl(), Duration.ofSeconds(5), Duration.ofMillis(500), Duration.ofSeconds(60)));
    CompletableFuture<Void> tooLate = new CompletableFuture<>();
    endpoint =
        request ->
            record(request)
                .onSuccess(
                    recorded ->
                        tooLate.thenRun(() -> request.response().setStatusCode(200).end(TOKENS)));

    TokenRefresh timedOut = refresh(OLD_REFRESH);
    tooLate.complete(null);
    awaitKeptOutcomes(1);
    TokenRefresh next = refresh(OLD_REFRESH);

    assertThat(timedOut).isInstanceOf(TokenRefresh.FailedTransiently.class);
    assertThat(next).isEqualTo(new TokenRefresh.Refreshed(NEW_ACCESS, NEW_REFRESH, NEW_ID));
    assertThat(received).hasSize(1);
  }

  @Test
  void aRefusedConnectionIsTransient() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    closeRefresher();
    refresher =
        OAuthTokenRefresher.create(
            vertx,
            settings(Duration.ZERO).withAuthBaseUrl(URI.create("http://127.0.0.1:" + closedPort)));

    TokenRefresh outcome = refresh(OLD_REFRESH);

    assertThat(outcome)
        .isInstanceOfSatisfying(
            TokenRefresh.FailedTransiently.class,
            failed -> assertThat(failed.reason()).startsWith("token endpoint unreachable ("));
  }

  @Test
  void concurrentRefreshesWithOneTokenShareOneExchange() throws Exception {
    CompletableFuture<Void> release = new CompletableFuture<>();
    endpoint =
        request -> {
          record(request)
              .onSuccess(
                  recorded ->
                      release.thenRun(() -> request.response().setStatusCode(200).end(TOKENS)));
        };

    CompletionStage<TokenRefresh> first = refresher.refresh(OLD_REFRESH);
    CompletionStage<TokenRefresh> second = refresher.refresh(OLD_REFRESH);
    release.complete(null);

    TokenRefresh expected = new TokenRefresh.Refreshed(NEW_ACCESS, NEW_REFRESH, NEW_ID);
    assertThat(first.toCompletableFuture().get(10, TimeUnit.SECONDS)).isEqualTo(expected);
    assertThat(second.toCompletableFuture().get(10, TimeUnit.SECONDS)).isEqualTo(expected);
    assertThat(received).hasSize(1);
  }

  @Test
  void differentTokensAreRefreshedSeparately() throws Exception {
    answer(200, TOKENS);

    refresh("refresh-a");
    refresh("refresh-b");

    assertThat(received)
        .extracting(request -> JSON.readTree(request.body()).get("refresh_token").asText())
        .containsExactly("refresh-a", "refresh-b");
  }

  @Test
  void aLateCallerWithTheOldTokenGetsTheNewTokensWithoutAnotherExchange() throws Exception {
    answer(200, TOKENS);

    TokenRefresh first = refresh(OLD_REFRESH);
    TokenRefresh late = refresh(OLD_REFRESH);

    assertThat(late).isEqualTo(first);
    assertThat(received).hasSize(1);
  }

  @Test
  void withoutALateCallerWindowEachRefreshIsAnExchange() throws Exception {
    closeRefresher();
    refresher = OAuthTokenRefresher.create(vertx, settings(Duration.ZERO));
    answer(200, TOKENS);

    refresh(OLD_REFRESH);
    refresh(OLD_REFRESH);

    assertThat(received).hasSize(2);
  }

  @Test
  void aTransientFailureIsNotKeptSoTheNextRefreshTriesAgain() throws Exception {
    answer(503, "");
    refresh(OLD_REFRESH);
    answer(200, TOKENS);

    TokenRefresh retried = refresh(OLD_REFRESH);

    assertThat(retried).isInstanceOf(TokenRefresh.Refreshed.class);
    assertThat(received).hasSize(2);
  }

  @Test
  void noTokenReachesTheLogOrAReason() throws Exception {
    Logger log = (Logger) LoggerFactory.getLogger(OAuthTokenRefresher.class);
    ListAppender<ILoggingEvent> events = new ListAppender<>();
    events.start();
    log.addAppender(events);
    Level previous = log.getLevel();
    log.setLevel(Level.DEBUG);
    log.setAdditive(false);
    try {
      answer(200, TOKENS);
      TokenRefresh refreshed = refresh(OLD_REFRESH);
      answer(
          400, "{\"error\":\"" + OLD_REFRESH + "\",\"error_description\":\"" + OLD_REFRESH + "\"}");
      TokenRefresh refused = refresh("another-" + OLD_REFRESH);
      answer(200, "{\"access_token\":\"" + NEW_ACCESS + "\"}");
      TokenRefresh incomplete = refresh("third-" + OLD_REFRESH);

      List<String> printed = new CopyOnWriteArrayList<>();
      events.list.forEach(event -> printed.add(event.getFormattedMessage()));
      assertThat(printed).hasSize(3);
      printed.add(refreshed.toString());
      printed.add(refused.toString());
      printed.add(incomplete.toString());
      printed.add(refresher.toString());
      assertThat(printed)
          .allSatisfy(
              line ->
                  assertThat(line)
                      .doesNotContain("token-secret")
                      .doesNotContain(NEW_ACCESS)
                      .doesNotContain(NEW_REFRESH)
                      .doesNotContain(NEW_ID));
    } finally {
      log.detachAppender(events);
      log.setLevel(previous);
      log.setAdditive(true);
    }
  }

  @Test
  void aBlankTokenIsABugOfTheCaller() {
    assertThatThrownBy(() -> refresher.refresh(" "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("refreshToken: blank (expected: the account's refresh token)");
    assertThatThrownBy(() -> refresher.refresh(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("refreshToken");
    assertThat(received).isEmpty();
  }

  private void answer(int status, String body) {
    endpoint =
        request -> {
          record(request).onSuccess(recorded -> request.response().setStatusCode(status).end(body));
        };
  }

  /** Records the request once its body is in; the endpoint answers only after that. */
  private Future<Void> record(HttpServerRequest request) {
    return request
        .body()
        .map(
            body -> {
              received.add(
                  new Received(
                      request.method().name(),
                      request.path(),
                      request.getHeader("content-type"),
                      body.toString()));
              return null;
            });
  }

  private static <T> BiConsumer<T, Throwable> completing(CompletableFuture<T> future) {
    return (value, failure) -> {
      if (failure == null) {
        future.complete(value);
      } else {
        future.completeExceptionally(failure);
      }
    };
  }

  /** Waits until the refresher keeps {@code count} outcomes for late callers. */
  private void awaitKeptOutcomes(int count) {
    await().untilAsserted(() -> assertThat(refresher.keptOutcomes()).isEqualTo(count));
  }

  private TokenRefresh refresh(String refreshToken) throws Exception {
    return refresher.refresh(refreshToken).toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private static OAuthSettings settings(Duration lateCallerWindow) {
    return new OAuthSettings(
        baseUrl(), Duration.ofSeconds(5), Duration.ofSeconds(10), lateCallerWindow);
  }

  private static URI baseUrl() {
    return URI.create("http://127.0.0.1:" + server.actualPort());
  }

  /** One request as the endpoint saw it. */
  private record Received(String method, String path, String contentType, String body) {}
}
