package io.codexlb.testkit.oauth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class FakeOAuthServerTest {

  private static final HttpClient HTTP =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .followRedirects(HttpClient.Redirect.NEVER)
          .build();
  private static final String REDIRECT = "http://localhost:1455/auth/callback";
  private static final String VERIFIER = "verifier-0123456789-0123456789-0123456789-abc";

  private final AtomicReference<Instant> now = new AtomicReference<>(Instant.now());
  private FakeOAuthServer server;

  @BeforeEach
  void start() {
    Clock clock =
        new Clock() {
          @Override
          public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
          }

          @Override
          public Clock withZone(java.time.ZoneId zone) {
            return this;
          }

          @Override
          public Instant instant() {
            return now.get();
          }
        };
    server = FakeOAuthServer.start(FakeOAuthServerOptions.defaults().withClock(clock));
  }

  @AfterEach
  void stop() {
    server.close().toCompletableFuture().join();
  }

  @Test
  void approvedLoginRedirectsWithCodeAndStateAndTheCodeExchangesOnceWithItsVerifier() {
    server.account("acct-7").withEmail("seven@example.com").withPlan("pro");
    server.approveLoginsAs("acct-7");

    HttpResponse<String> redirect = get(authorizeUrl(REDIRECT, "state-1"));

    assertThat(redirect.statusCode()).isEqualTo(302);
    String location = redirect.headers().firstValue("location").orElseThrow();
    assertThat(location).startsWith(REDIRECT + "?");
    Map<String, String> query = query(location);
    assertThat(query).containsEntry("state", "state-1").containsKey("code");
    assertThat(server.authorizeRequests().get(0))
        .containsEntry("client_id", FakeOAuthServer.CLIENT_ID)
        .containsEntry("code_challenge_method", "S256");

    HttpResponse<String> wrongVerifier =
        form(Map.of("code", query.get("code"), "code_verifier", "other", "redirect_uri", REDIRECT));
    assertThat(wrongVerifier.statusCode()).isEqualTo(400);
    assertThat(json(wrongVerifier).getString("error")).isEqualTo("invalid_grant");

    // The failed attempt spent the code: a second authorize gives a fresh one.
    String code =
        query(get(authorizeUrl(REDIRECT, "state-2")).headers().firstValue("location").orElseThrow())
            .get("code");
    HttpResponse<String> tokens =
        form(Map.of("code", code, "code_verifier", VERIFIER, "redirect_uri", REDIRECT));
    assertThat(tokens.statusCode()).isEqualTo(200);
    JsonObject body = json(tokens);
    assertThat(body.getString("access_token")).isNotBlank();
    assertThat(body.getString("refresh_token")).isNotBlank();
    JsonObject claims = payload(body.getString("id_token"));
    assertThat(claims.getString("email")).isEqualTo("seven@example.com");
    JsonObject auth = claims.getJsonObject(FakeOAuthServer.AUTH_CLAIM);
    assertThat(auth.getString("chatgpt_account_id")).isEqualTo("acct-7");
    assertThat(auth.getString("chatgpt_plan_type")).isEqualTo("pro");
    assertThat(server.codeExchanges()).isEqualTo(1);

    HttpResponse<String> again =
        form(Map.of("code", code, "code_verifier", VERIFIER, "redirect_uri", REDIRECT));
    assertThat(again.statusCode()).isEqualTo(400);
    assertThat(json(again).getString("error")).isEqualTo("invalid_grant");
  }

  @Test
  void theCodeNeedsTheRedirectUriItWasIssuedFor() {
    String code =
        query(get(authorizeUrl(REDIRECT, "s")).headers().firstValue("location").orElseThrow())
            .get("code");

    HttpResponse<String> exchange =
        form(
            Map.of(
                "code", code, "code_verifier", VERIFIER, "redirect_uri", "http://localhost:9/x"));

    assertThat(exchange.statusCode()).isEqualTo(400);
    assertThat(server.codeExchanges()).isZero();
  }

  @Test
  void deniedLoginRedirectsWithAccessDeniedAndTheState() {
    server.denyLogins();

    HttpResponse<String> redirect = get(authorizeUrl(REDIRECT, "state-9"));

    assertThat(redirect.statusCode()).isEqualTo(302);
    Map<String, String> query = query(redirect.headers().firstValue("location").orElseThrow());
    assertThat(query)
        .containsEntry("error", "access_denied")
        .containsEntry("state", "state-9")
        .doesNotContainKey("code");
  }

  @Test
  void authorizeRefusesAWrongClientOrAMissingPkceChallenge() {
    String url = authorizeUrl(REDIRECT, "s");

    assertThat(get(url.replace(FakeOAuthServer.CLIENT_ID, "app_other")).statusCode())
        .isEqualTo(400);
    assertThat(
            get(url.replace("code_challenge_method=S256", "code_challenge_method=plain"))
                .statusCode())
        .isEqualTo(400);
    assertThat(get(url.replace("&state=s", "")).statusCode()).isEqualTo(400);
  }

  @Test
  void refreshTokensRotateAndAReusedOneIsRefusedAsReused() {
    FakeOAuthAccount account = server.account("acct-1");
    IssuedTokens first = account.issueTokens();

    HttpResponse<String> refreshed = refresh(first.refreshToken());
    assertThat(refreshed.statusCode()).isEqualTo(200);
    String rotated = json(refreshed).getString("refresh_token");
    assertThat(rotated).isNotEqualTo(first.refreshToken());

    HttpResponse<String> reused = refresh(first.refreshToken());
    assertThat(reused.statusCode()).isEqualTo(401);
    assertThat(json(reused).getJsonObject("error").getString("code"))
        .isEqualTo("refresh_token_reused");

    assertThat(refresh(rotated).statusCode()).isEqualTo(200);
    assertThat(account.refreshCalls()).isEqualTo(3);
    assertThat(account.rotations()).isEqualTo(2);
    assertThat(account.reuseAttempts()).isEqualTo(1);

    HttpResponse<String> unknown = refresh("rt_never_issued");
    assertThat(unknown.statusCode()).isEqualTo(400);
    assertThat(json(unknown).getString("error")).isEqualTo("invalid_grant");
    assertThat(server.unknownRefreshTokens()).isEqualTo(1);
  }

  @Test
  void scriptedFailuresRefuseWithTheirCodeAndRotateNothing() {
    FakeOAuthAccount account = server.account("acct-2");
    IssuedTokens tokens = account.issueTokens();

    for (RefreshFailure failure : RefreshFailure.values()) {
      account.failsRefreshWith(failure);
      HttpResponse<String> refused = refresh(tokens.refreshToken());
      assertThat(refused.statusCode()).isEqualTo(failure.status());
      assertThat(json(refused).getJsonObject("error").getString("code")).isEqualTo(failure.code());
    }
    account.refreshesSucceed();

    assertThat(refresh(tokens.refreshToken()).statusCode()).isEqualTo(200);
    assertThat(account.rotations()).isEqualTo(1);
  }

  @Test
  void aHeldRefreshIsAnsweredOnRelease() {
    FakeOAuthAccount account = server.account("acct-3");
    IssuedTokens tokens = account.issueTokens();
    server.holdRefreshes();

    CompletableFuture<HttpResponse<String>> pending = refreshAsync(tokens.refreshToken());
    await().until(() -> server.heldRefreshes() == 1);
    assertThat(pending).isNotDone();
    assertThat(account.refreshCalls()).isEqualTo(1);
    assertThat(account.rotations()).isZero();

    server.releaseRefreshes();

    assertThat(pending.join().statusCode()).isEqualTo(200);
    assertThat(account.rotations()).isEqualTo(1);
  }

  @Test
  void aHeldRefreshWhoseClientWentAwayRotatesNothing() throws IOException {
    FakeOAuthAccount account = server.account("acct-4");
    IssuedTokens tokens = account.issueTokens();
    server.holdRefreshes();
    String body =
        new JsonObject()
            .put("grant_type", "refresh_token")
            .put("client_id", FakeOAuthServer.CLIENT_ID)
            .put("refresh_token", tokens.refreshToken())
            .encode();
    try (Socket socket = new Socket("127.0.0.1", server.port())) {
      OutputStream out = socket.getOutputStream();
      out.write(
          ("POST /oauth/token HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                  + "Content-Length: "
                  + body.getBytes(StandardCharsets.UTF_8).length
                  + "\r\n\r\n"
                  + body)
              .getBytes(StandardCharsets.UTF_8));
      out.flush();
      await().until(() -> server.heldRefreshes() == 1);
    }

    // The server sees the close before the release only if it had time to; wait for the effect.
    await()
        .untilAsserted(
            () -> {
              server.releaseRefreshes();
              assertThat(server.abandonedRefreshes()).isEqualTo(1);
            });

    assertThat(account.rotations()).isZero();
    assertThat(refresh(tokens.refreshToken()).statusCode()).isEqualTo(200);
  }

  @Test
  void deviceCodeIsPendingUntilApprovedThenExchangesAtTheDeviceRedirect() {
    server.approveLoginsAs("acct-5");
    JsonObject device = json(post("/api/accounts/deviceauth/usercode", clientIdBody()));
    String userCode = device.getString("user_code");
    assertThat(userCode).matches("[A-Z2-9]{4}-[A-Z2-9]{4}");
    assertThat(device.getString("interval")).isEqualTo("1");
    assertThat(server.pendingUserCodes()).containsExactly(userCode);

    HttpResponse<String> pending = poll(device);
    assertThat(pending.statusCode()).isEqualTo(403);
    assertThat(json(pending).getJsonObject("error").getString("code"))
        .isEqualTo("authorization_pending");
    server.slowDownNextPoll(userCode);
    assertThat(json(poll(device)).getJsonObject("error").getString("code")).isEqualTo("slow_down");

    server.approveDevice(userCode);
    HttpResponse<String> approved = poll(device);
    assertThat(approved.statusCode()).isEqualTo(200);
    JsonObject grant = json(approved);
    assertThat(server.devicePolls(userCode)).isEqualTo(3);

    HttpResponse<String> tokens =
        form(
            Map.of(
                "code", grant.getString("authorization_code"),
                "code_verifier", grant.getString("code_verifier"),
                "redirect_uri", server.deviceRedirectUri()));
    assertThat(tokens.statusCode()).isEqualTo(200);
    assertThat(
            payload(json(tokens).getString("id_token"))
                .getJsonObject(FakeOAuthServer.AUTH_CLAIM)
                .getString("chatgpt_account_id"))
        .isEqualTo("acct-5");
  }

  @Test
  void deviceCodeExpiresWithItsLifetimeOrWhenToldTo() {
    JsonObject first = json(post("/api/accounts/deviceauth/usercode", clientIdBody()));
    JsonObject second = json(post("/api/accounts/deviceauth/usercode", clientIdBody()));

    now.set(now.get().plus(Duration.ofMinutes(15)));
    HttpResponse<String> expired = poll(first);
    assertThat(expired.statusCode()).isEqualTo(400);
    assertThat(json(expired).getJsonObject("error").getString("code")).isEqualTo("expired_token");

    now.set(now.get().minus(Duration.ofMinutes(15)));
    server.expireDevice(second.getString("user_code"));
    assertThat(json(poll(second)).getJsonObject("error").getString("code"))
        .isEqualTo("expired_token");
  }

  @Test
  void deviceAuthCanBeUnavailable() {
    server.deviceAuthUnavailable();

    assertThat(post("/api/accounts/deviceauth/usercode", clientIdBody()).statusCode())
        .isEqualTo(404);
  }

  // --- helpers ----------------------------------------------------------------------------

  private String authorizeUrl(String redirectUri, String state) {
    Map<String, String> params = new LinkedHashMap<>();
    params.put("response_type", "code");
    params.put("client_id", FakeOAuthServer.CLIENT_ID);
    params.put("redirect_uri", redirectUri);
    params.put("scope", "openid profile email offline_access");
    params.put("code_challenge", FakeOAuthServer.s256(VERIFIER));
    params.put("code_challenge_method", "S256");
    params.put("state", state);
    StringBuilder url = new StringBuilder(server.baseUrl()).append("/oauth/authorize?");
    params.forEach(
        (k, v) ->
            url.append(k)
                .append('=')
                .append(URLEncoder.encode(v, StandardCharsets.UTF_8))
                .append('&'));
    return url.substring(0, url.length() - 1);
  }

  private static Map<String, String> query(String url) {
    Map<String, String> params = new HashMap<>();
    String raw = URI.create(url).getRawQuery();
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      params.put(
          URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
          URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
    }
    return params;
  }

  private HttpResponse<String> form(Map<String, String> fields) {
    Map<String, String> all = new LinkedHashMap<>(fields);
    all.put("grant_type", "authorization_code");
    all.put("client_id", FakeOAuthServer.CLIENT_ID);
    StringBuilder body = new StringBuilder();
    all.forEach(
        (k, v) ->
            body.append(body.length() == 0 ? "" : "&")
                .append(k)
                .append('=')
                .append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
    return send(
        HttpRequest.newBuilder(URI.create(server.baseUrl() + "/oauth/token"))
            .header("content-type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
            .build());
  }

  private HttpResponse<String> refresh(String refreshToken) {
    return refreshAsync(refreshToken).join();
  }

  private CompletableFuture<HttpResponse<String>> refreshAsync(String refreshToken) {
    String body =
        new JsonObject()
            .put("grant_type", "refresh_token")
            .put("client_id", FakeOAuthServer.CLIENT_ID)
            .put("refresh_token", refreshToken)
            .put("scope", "openid profile email")
            .encode();
    return HTTP.sendAsync(
        HttpRequest.newBuilder(URI.create(server.baseUrl() + "/oauth/token"))
            .header("content-type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> poll(JsonObject device) {
    return post(
        "/api/accounts/deviceauth/token",
        new JsonObject()
            .put("device_auth_id", device.getString("device_auth_id"))
            .put("user_code", device.getString("user_code"))
            .encode());
  }

  private static String clientIdBody() {
    return new JsonObject().put("client_id", FakeOAuthServer.CLIENT_ID).encode();
  }

  private HttpResponse<String> post(String path, String json) {
    return send(
        HttpRequest.newBuilder(URI.create(server.baseUrl() + path))
            .header("content-type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json))
            .build());
  }

  private static HttpResponse<String> get(String url) {
    return send(HttpRequest.newBuilder(URI.create(url)).GET().build());
  }

  private static HttpResponse<String> send(HttpRequest request) {
    return HTTP.sendAsync(request, HttpResponse.BodyHandlers.ofString()).join();
  }

  private static JsonObject json(HttpResponse<String> response) {
    return new JsonObject(response.body());
  }

  private static JsonObject payload(String jwt) {
    return new JsonObject(
        new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]), StandardCharsets.UTF_8));
  }
}
