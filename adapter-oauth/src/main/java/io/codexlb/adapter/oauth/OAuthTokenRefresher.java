package io.codexlb.adapter.oauth;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.codexlb.port.out.TokenRefresh;
import io.codexlb.port.out.TokenRefresher;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxException;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link TokenRefresher} over OpenAI's OAuth server: {@code POST {auth base}/oauth/token} with
 * the JSON body {@code {"grant_type":"refresh_token","client_id":...,"refresh_token":...,
 * "scope":"openid profile email"}}, as the Codex CLI sends it. How answers map to outcomes is
 * {@link TokenEndpointAnswers}'s; an unreachable server, a broken connection and an exchange longer
 * than {@link OAuthSettings#requestTimeout()} are transient failures.
 *
 * <p>Refresh tokens are single-use, so concurrent refreshes with the same token share one exchange
 * and its outcome, and a successful outcome is still handed to callers presenting the same old
 * token for {@link OAuthSettings#lateCallerWindow()} (see there why). This covers one process;
 * several instances on one store still race, which is the caller's to settle when it stores the new
 * tokens.
 *
 * <p>Thread-safe; create one per process with {@link #create} and {@link #close} it at shutdown.
 */
public final class OAuthTokenRefresher implements TokenRefresher {

  /** The scopes the Codex CLI refreshes with. */
  static final String SCOPE = "openid profile email";

  /**
   * How many request timeouts an exchange's connection may stay silent before it is given up,
   * leaving time for a late answer after the caller's deadline.
   */
  static final int LATE_ANSWER_FACTOR = 3;

  private static final Logger log = LoggerFactory.getLogger(OAuthTokenRefresher.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Vertx vertx;
  private final HttpClient http;
  private final OAuthSettings settings;
  private final String tokenUrl;
  private final SingleFlight<String, TokenRefresh> flights;

  private OAuthTokenRefresher(Vertx vertx, HttpClient http, OAuthSettings settings) {
    this.vertx = vertx;
    this.http = http;
    this.settings = settings;
    this.tokenUrl = settings.tokenUrl();
    this.flights =
        new SingleFlight<>(
            outcome ->
                outcome instanceof TokenRefresh.Refreshed
                    ? settings.lateCallerWindow()
                    : Duration.ZERO,
            (delay, task) -> vertx.setTimer(millis(delay), id -> task.run()));
  }

  /** A refresher with its own small connection pool. */
  public static OAuthTokenRefresher create(Vertx vertx, OAuthSettings settings) {
    requireNonNull(vertx, "vertx");
    requireNonNull(settings, "settings");
    HttpClientOptions options =
        new HttpClientOptions()
            .setKeepAlive(true)
            .setConnectTimeout(millis(settings.connectTimeout()))
            .setForceSni(true);
    // Refreshes are rare (an access token lasts days): a few connections are plenty.
    HttpClient http =
        vertx.httpClientBuilder().with(options).with(new PoolOptions().setHttp1MaxSize(4)).build();
    return new OAuthTokenRefresher(vertx, http, settings);
  }

  @Override
  public CompletionStage<TokenRefresh> refresh(String refreshToken) {
    requireNonNull(refreshToken, "refreshToken");
    if (refreshToken.isBlank()) {
      throw new IllegalArgumentException(
          "refreshToken: blank (expected: the account's refresh token)");
    }
    return flights.run(refreshToken, () -> exchange(refreshToken));
  }

  /** Closes the pool; exchanges still running end as transient failures. */
  public CompletionStage<Void> close() {
    return http.close().toCompletionStage();
  }

  /** How many refresh tokens have an exchange running or new tokens kept; for tests. */
  int keptOutcomes() {
    return flights.size();
  }

  private CompletionStage<TokenRefresh> exchange(String refreshToken) {
    Buffer body = requestBody(refreshToken);
    Promise<TokenRefresh> outcome = Promise.promise();
    Context context = Vertx.currentContext();
    // On one context, the deadline and the exchange never run at the same time.
    (context != null ? context : vertx.getOrCreateContext())
        .runOnContext(ignored -> exchangeOnContext(refreshToken, body, outcome));
    return outcome
        .future()
        .onSuccess(refresh -> log.debug("token refresh: {}", refresh))
        .toCompletionStage();
  }

  private void exchangeOnContext(String refreshToken, Buffer body, Promise<TokenRefresh> outcome) {
    long deadline = startDeadline(outcome);
    RequestOptions options =
        new RequestOptions()
            .setMethod(HttpMethod.POST)
            .setAbsoluteURI(tokenUrl)
            // After the deadline the exchange goes on, but not over a connection gone silent.
            .setIdleTimeout(LATE_ANSWER_FACTOR * settings.requestTimeout().toMillis())
            .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
            .putHeader(HttpHeaders.ACCEPT, "application/json");
    http.request(options)
        .compose(request -> request.send(body))
        .compose(OAuthTokenRefresher::answer)
        .recover(OAuthTokenRefresher::unreachable)
        .onComplete(
            result -> {
              vertx.cancelTimer(deadline);
              boolean delivered =
                  result.succeeded()
                      ? outcome.tryComplete(result.result())
                      : outcome.tryFail(result.cause());
              if (!delivered
                  && result.succeeded()
                  && result.result() instanceof TokenRefresh.Refreshed late) {
                // Upstream rotated the token after the caller was told to try later: the old
                // token is dead now, so the new ones must reach whoever refreshes with it next.
                log.info("token refresh: answered after its deadline; keeping the new tokens");
                flights.offer(refreshToken, late);
              }
            });
  }

  /**
   * Tells the caller to try later once the request timeout has passed. The exchange itself goes on:
   * upstream may have rotated the token already, and its answer is then the only copy of the new
   * one.
   */
  private long startDeadline(Promise<TokenRefresh> outcome) {
    long timeout = millis(settings.requestTimeout());
    return vertx.setTimer(
        timeout,
        id ->
            outcome.tryComplete(
                new TokenRefresh.FailedTransiently(
                    "token endpoint did not answer within " + timeout + " ms")));
  }

  private static Future<TokenRefresh> answer(HttpClientResponse response) {
    int status = response.statusCode();
    return response.body().map(bytes -> TokenEndpointAnswers.classify(status, bytes.getBytes()));
  }

  /** Connection and timeout failures are transient; anything else is a bug and stays a failure. */
  private static Future<TokenRefresh> unreachable(Throwable error) {
    if (!(error instanceof IOException
        || error instanceof VertxException
        || error instanceof TimeoutException)) {
      return Future.failedFuture(error);
    }
    return Future.succeededFuture(
        new TokenRefresh.FailedTransiently(
            "token endpoint unreachable (" + error.getClass().getSimpleName() + ")"));
  }

  private static Buffer requestBody(String refreshToken) {
    ObjectNode grant = JSON.createObjectNode();
    grant.put("grant_type", "refresh_token");
    grant.put("client_id", OAuthSettings.CODEX_CLIENT_ID);
    grant.put("refresh_token", refreshToken);
    grant.put("scope", SCOPE);
    try {
      return Buffer.buffer(JSON.writeValueAsBytes(grant));
    } catch (JsonProcessingException e) {
      // Four strings always serialize; the message could only quote them, so it is dropped.
      throw new IllegalStateException("token request: cannot be written as JSON");
    }
  }

  private static int millis(Duration duration) {
    return (int) Math.max(1, Math.min(Integer.MAX_VALUE, duration.toMillis()));
  }
}
