package io.codexlb.adapter.http.admin;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import io.codexlb.adapter.http.BodyBudget;
import io.codexlb.adapter.http.HttpListener;
import io.codexlb.application.AdminAuthService;
import io.codexlb.domain.health.ReadinessReport;
import io.codexlb.port.in.CheckReadinessUseCase;
import io.codexlb.port.out.FakePasswordHasher;
import io.codexlb.port.out.InMemoryAdminAuthRepository;
import io.codexlb.port.out.MovableClock;
import io.codexlb.port.out.ReversingSecretCipher;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The session gate and the {@code /api/dashboard-auth/...} routes over HTTP, with the real service
 * over the in-memory store. A remote client is simulated by a trusted proxy on loopback that
 * forwards {@code X-Forwarded-For}.
 */
@ExtendWith(VertxExtension.class)
class DashboardAuthTest {

  private static final String HOST = "127.0.0.1";
  private static final String PASSWORD = "correct horse";
  private static final String REMOTE = "203.0.113.5";
  private static final CheckReadinessUseCase READY =
      () -> CompletableFuture.completedFuture(ReadinessReport.of(Map.of()));

  private final MovableClock clock = new MovableClock(Instant.parse("2026-05-06T07:08:09Z"));
  private final InMemoryAdminAuthRepository store = new InMemoryAdminAuthRepository();
  private final List<String> events = new CopyOnWriteArrayList<>();
  private AdminAuthService auth;
  private WebClient client;
  private HttpListener listener;

  @BeforeEach
  void start(Vertx vertx) throws Exception {
    auth =
        new AdminAuthService(
            new AdminAuthService.Settings(Duration.ofHours(12)),
            store,
            new FakePasswordHasher(),
            new ReversingSecretCipher(),
            (actor, address, action) -> events.add(actor + "@" + address + ":" + action),
            clock);
    AdminApi admin =
        new AdminApi(
            new SessionGate(auth, TrustedProxies.parse("127.0.0.0/8")),
            Set.of(new DashboardAuthRoutes(auth, clock), new RuntimeRoutes("1.2.3")),
            new BodyBudget(64L << 20),
            "1.2.3");
    client = WebClient.create(vertx);
    listener =
        HttpListener.start(vertx, "admin", HOST, 0, 1, v -> AdminRouter.create(v, READY, admin))
            .await(10, SECONDS);
  }

  @AfterEach
  void stop() throws Exception {
    client.close();
    listener.shutdown(Duration.ZERO).await(10, SECONDS);
  }

  /** A request as a loopback client, or as {@code REMOTE} through the trusted proxy. */
  private final class Call {
    private final HttpMethod method;
    private final String path;
    private @Nullable String body;
    private final Map<String, String> headers = new java.util.LinkedHashMap<>();

    Call(HttpMethod method, String path) {
      this.method = method;
      this.path = path;
    }

    Call body(String json) {
      this.body = json;
      return this;
    }

    Call header(String name, String value) {
      headers.put(name, value);
      return this;
    }

    Call remote() {
      return header("X-Forwarded-For", REMOTE);
    }

    Call session(Session session) {
      header("Cookie", DashboardAuthRoutes.COOKIE + "=" + session.id());
      return header(DashboardAuthRoutes.CSRF_HEADER, session.csrf());
    }

    Call cookie(Session session) {
      return header("Cookie", DashboardAuthRoutes.COOKIE + "=" + session.id());
    }

    HttpResponse<Buffer> send() throws Exception {
      HttpRequest<Buffer> request = client.request(method, listener.port(), HOST, path);
      headers.forEach(request::putHeader);
      if (body == null) {
        return request.send().await(10, SECONDS);
      }
      request.putHeader("Content-Type", "application/json");
      return request.sendBuffer(Buffer.buffer(body)).await(10, SECONDS);
    }
  }

  private record Session(String id, String csrf, String setCookie) {}

  private Call get(String path) {
    return new Call(HttpMethod.GET, path);
  }

  private Call post(String path) {
    return new Call(HttpMethod.POST, path);
  }

  private static String code(HttpResponse<Buffer> response) {
    return response.bodyAsJsonObject().getJsonObject("error").getString("code");
  }

  private static String password(String password) {
    return new JsonObject().put("password", password).encode();
  }

  private static String codeBody(String code) {
    return new JsonObject().put("code", code).encode();
  }

  private void setUp() throws Exception {
    assertThat(post(DashboardAuthRoutes.SETUP).body(password(PASSWORD)).send().statusCode())
        .isEqualTo(200);
  }

  private static Optional<String> setCookie(HttpResponse<Buffer> response) {
    return response.cookies().stream()
        .filter(c -> c.startsWith(DashboardAuthRoutes.COOKIE + "="))
        .findFirst();
  }

  private static Session session(HttpResponse<Buffer> response, @Nullable String csrf) {
    String header = setCookie(response).orElseThrow();
    String id = header.substring(header.indexOf('=') + 1, header.indexOf(';'));
    return new Session(id, csrf == null ? "" : csrf, header);
  }

  private Session login() throws Exception {
    HttpResponse<Buffer> response = post(DashboardAuthRoutes.LOGIN).body(password(PASSWORD)).send();
    assertThat(response.statusCode()).isEqualTo(200);
    return session(response, response.bodyAsJsonObject().getString("csrf_token"));
  }

  @Test
  void beforeSetupLoopbackClientsPassAndRemoteOnesAreForbidden() throws Exception {
    assertThat(get("/api/runtime/version").send().statusCode()).isEqualTo(200);

    HttpResponse<Buffer> remote = get("/api/runtime/version").remote().send();
    assertThat(remote.statusCode()).isEqualTo(403);
    assertThat(code(remote)).isEqualTo("admin_forbidden");
    HttpResponse<Buffer> remoteSetup =
        post(DashboardAuthRoutes.SETUP).remote().body(password(PASSWORD)).send();
    assertThat(remoteSetup.statusCode()).isEqualTo(403);
    assertThat(code(remoteSetup)).isEqualTo("admin_forbidden");

    JsonObject session = get(DashboardAuthRoutes.SESSION).send().bodyAsJsonObject();
    assertThat(session.getBoolean("authenticated")).isFalse();
    assertThat(session.getBoolean("password_required")).isFalse();
  }

  @Test
  void forwardedHeadersFromAPeerThatIsNotTrustedAreIgnored(Vertx vertx) throws Exception {
    AdminApi admin =
        new AdminApi(
            new SessionGate(auth, TrustedProxies.none()),
            Set.of(new DashboardAuthRoutes(auth, clock), new RuntimeRoutes("1.2.3")),
            new BodyBudget(64L << 20),
            "1.2.3");
    HttpListener untrusting =
        HttpListener.start(vertx, "admin", HOST, 0, 1, v -> AdminRouter.create(v, READY, admin))
            .await(10, SECONDS);
    try {
      HttpResponse<Buffer> local =
          client
              .get(untrusting.port(), HOST, "/api/runtime/version")
              .putHeader("X-Forwarded-For", REMOTE)
              .send()
              .await(10, SECONDS);
      assertThat(local.statusCode()).isEqualTo(200);
      setUp();
      HttpResponse<Buffer> login =
          client
              .post(untrusting.port(), HOST, DashboardAuthRoutes.LOGIN)
              .putHeader("X-Forwarded-For", REMOTE)
              .putHeader("X-Forwarded-Proto", "https")
              .putHeader("Content-Type", "application/json")
              .sendBuffer(Buffer.buffer(password(PASSWORD)))
              .await(10, SECONDS);
      assertThat(setCookie(login).orElseThrow()).doesNotContain("Secure");
      assertThat(events).contains("admin@127.0.0.1:login").noneMatch(e -> e.contains(REMOTE));
    } finally {
      untrusting.shutdown(Duration.ZERO).await(10, SECONDS);
    }
  }

  @Test
  void theBootstrapTokenLetsARemoteClientSetThePasswordOnce() throws Exception {
    String token = auth.issueBootstrapToken().toCompletableFuture().join().orElseThrow();

    HttpResponse<Buffer> wrong =
        post(DashboardAuthRoutes.SETUP)
            .remote()
            .header(DashboardAuthRoutes.BOOTSTRAP_HEADER, "not-the-token")
            .body(password(PASSWORD))
            .send();
    assertThat(wrong.statusCode()).isEqualTo(403);
    assertThat(code(wrong)).isEqualTo("bootstrap_token_invalid");

    HttpResponse<Buffer> right =
        post(DashboardAuthRoutes.SETUP)
            .remote()
            .header(DashboardAuthRoutes.BOOTSTRAP_HEADER, token)
            .body(password(PASSWORD))
            .send();
    assertThat(right.statusCode()).isEqualTo(200);
    assertThat(right.bodyAsString()).doesNotContain(PASSWORD, token);

    HttpResponse<Buffer> again =
        post(DashboardAuthRoutes.SETUP)
            .remote()
            .header(DashboardAuthRoutes.BOOTSTRAP_HEADER, token)
            .body(password("another password"))
            .send();
    assertThat(again.statusCode()).isEqualTo(403);
    assertThat(code(again)).isEqualTo("bootstrap_token_invalid");
    assertThat(events).contains("bootstrap@" + REMOTE + ":password_setup");
  }

  @Test
  void afterSetupEveryClientLoopbackIncludedMustLogIn() throws Exception {
    setUp();

    HttpResponse<Buffer> local = get("/api/runtime/version").send();
    assertThat(local.statusCode()).isEqualTo(401);
    assertThat(code(local)).isEqualTo("authentication_required");
    HttpResponse<Buffer> again =
        post(DashboardAuthRoutes.SETUP).body(password("other password")).send();
    assertThat(again.statusCode()).isEqualTo(409);
    assertThat(code(again)).isEqualTo("password_already_set");
  }

  @Test
  void aLoginSetsAStrictHttpOnlyCookieAndItsSessionPasses() throws Exception {
    setUp();

    HttpResponse<Buffer> response = post(DashboardAuthRoutes.LOGIN).body(password(PASSWORD)).send();

    assertThat(response.statusCode()).isEqualTo(200);
    Session session = session(response, response.bodyAsJsonObject().getString("csrf_token"));
    assertThat(session.setCookie())
        .containsIgnoringCase("HttpOnly")
        .contains("SameSite=Strict", "Path=/", "Max-Age=43200")
        .doesNotContain("Secure");
    assertThat(response.bodyAsString()).doesNotContain(session.id(), PASSWORD);
    assertThat(get("/api/runtime/version").cookie(session).send().statusCode()).isEqualTo(200);
    JsonObject status = get(DashboardAuthRoutes.SESSION).cookie(session).send().bodyAsJsonObject();
    assertThat(status.getBoolean("authenticated")).isTrue();
    assertThat(status.getString("csrf_token")).isEqualTo(session.csrf());
    assertThat(status.encode()).doesNotContain(session.id());
  }

  @Test
  void theCookieIsSecureWhenATrustedProxySaysHttps() throws Exception {
    setUp();

    HttpResponse<Buffer> response =
        post(DashboardAuthRoutes.LOGIN)
            .remote()
            .header("X-Forwarded-Proto", "https")
            .body(password(PASSWORD))
            .send();

    assertThat(setCookie(response).orElseThrow()).contains("Secure");
    assertThat(events).contains("admin@" + REMOTE + ":login");
  }

  @Test
  void wrongPasswordsAreInvalidCredentialsAndTheNinthAttemptIsThrottled() throws Exception {
    setUp();
    for (int i = 0; i < 8; i++) {
      HttpResponse<Buffer> wrong =
          post(DashboardAuthRoutes.LOGIN).remote().body(password("wrong password")).send();
      assertThat(wrong.statusCode()).isEqualTo(401);
      assertThat(code(wrong)).isEqualTo("invalid_credentials");
    }

    HttpResponse<Buffer> ninth =
        post(DashboardAuthRoutes.LOGIN).remote().body(password(PASSWORD)).send();

    assertThat(ninth.statusCode()).isEqualTo(429);
    assertThat(code(ninth)).isEqualTo("too_many_attempts");
    assertThat(ninth.getHeader("Retry-After")).isEqualTo("60");
    assertThat(setCookie(ninth)).isEmpty();
    assertThat(post(DashboardAuthRoutes.LOGIN).body(password(PASSWORD)).send().statusCode())
        .isEqualTo(200);
  }

  @Test
  void aStateChangingRequestWithoutTheCsrfTokenIsRefused() throws Exception {
    setUp();
    Session session = login();

    HttpResponse<Buffer> missing = post(DashboardAuthRoutes.LOGOUT).cookie(session).send();
    HttpResponse<Buffer> wrong =
        post(DashboardAuthRoutes.LOGOUT)
            .cookie(session)
            .header(DashboardAuthRoutes.CSRF_HEADER, "forged")
            .send();

    assertThat(missing.statusCode()).isEqualTo(403);
    assertThat(code(missing)).isEqualTo("csrf_token_invalid");
    assertThat(code(wrong)).isEqualTo("csrf_token_invalid");
    assertThat(get("/api/runtime/version").cookie(session).send().statusCode()).isEqualTo(200);
  }

  @Test
  void aCrossSiteRequestIsRefusedEvenFromLoopbackBeforeSetup() throws Exception {
    HttpResponse<Buffer> response =
        post(DashboardAuthRoutes.SETUP)
            .header("Origin", "https://evil.example")
            .body(password(PASSWORD))
            .send();

    assertThat(response.statusCode()).isEqualTo(403);
    assertThat(code(response)).isEqualTo("csrf_token_invalid");
    assertThat(store.credentials().toCompletableFuture().join()).isEmpty();
  }

  @Test
  void logoutEndsTheSessionAndClearsTheCookie() throws Exception {
    setUp();
    Session session = login();

    HttpResponse<Buffer> out = post(DashboardAuthRoutes.LOGOUT).session(session).send();

    assertThat(out.statusCode()).isEqualTo(200);
    assertThat(setCookie(out).orElseThrow()).contains("Max-Age=0");
    HttpResponse<Buffer> after = get("/api/runtime/version").cookie(session).send();
    assertThat(after.statusCode()).isEqualTo(401);
    assertThat(code(after)).isEqualTo("authentication_required");
  }

  @Test
  void anExpiredSessionIsSessionExpired() throws Exception {
    setUp();
    Session session = login();

    clock.advance(Duration.ofHours(12));
    HttpResponse<Buffer> expired = get("/api/runtime/version").cookie(session).send();

    assertThat(expired.statusCode()).isEqualTo(401);
    assertThat(code(expired)).isEqualTo("session_expired");
  }

  @Test
  void aPasswordChangeChecksTheOldOneAndEndsEverySession() throws Exception {
    setUp();
    Session session = login();
    Session other = login();

    HttpResponse<Buffer> wrong =
        post(DashboardAuthRoutes.CHANGE)
            .session(session)
            .body("{\"current_password\":\"wrong password\",\"new_password\":\"new password\"}")
            .send();
    HttpResponse<Buffer> shortOne =
        post(DashboardAuthRoutes.CHANGE)
            .session(session)
            .body("{\"current_password\":\"" + PASSWORD + "\",\"new_password\":\"short\"}")
            .send();
    HttpResponse<Buffer> changed =
        post(DashboardAuthRoutes.CHANGE)
            .session(session)
            .body("{\"current_password\":\"" + PASSWORD + "\",\"new_password\":\"new password\"}")
            .send();

    assertThat(code(wrong)).isEqualTo("invalid_credentials");
    assertThat(shortOne.statusCode()).isEqualTo(400);
    assertThat(code(shortOne)).isEqualTo("password_too_short");
    assertThat(changed.statusCode()).isEqualTo(200);
    assertThat(changed.bodyAsString()).doesNotContain("new password", PASSWORD);
    assertThat(code(get("/api/runtime/version").cookie(other).send()))
        .isEqualTo("authentication_required");
    assertThat(post(DashboardAuthRoutes.LOGIN).body(password("new password")).send().statusCode())
        .isEqualTo(200);
  }

  @Test
  void totpSetupLoginAndReplay() throws Exception {
    setUp();
    Session session = login();
    HttpResponse<Buffer> start = post(DashboardAuthRoutes.TOTP_START).session(session).send();
    assertThat(start.statusCode()).isEqualTo(200);
    String secret = start.bodyAsJsonObject().getString("secret");
    assertThat(start.bodyAsJsonObject().getString("otpauth_uri")).startsWith("otpauth://totp/");
    HttpResponse<Buffer> confirmed =
        post(DashboardAuthRoutes.TOTP_CONFIRM)
            .session(session)
            .body(codeBody(totp(secret, 0)))
            .send();
    assertThat(confirmed.bodyAsJsonObject().getBoolean("totp_enabled")).isTrue();
    assertThat(get(DashboardAuthRoutes.SESSION).cookie(session).send().bodyAsString())
        .doesNotContain(secret);
    clock.advance(Duration.ofSeconds(30));

    HttpResponse<Buffer> password = post(DashboardAuthRoutes.LOGIN).body(password(PASSWORD)).send();
    assertThat(password.statusCode()).isEqualTo(401);
    assertThat(code(password)).isEqualTo("totp_required");
    Session pending = session(password, null);
    HttpResponse<Buffer> early = get("/api/runtime/version").cookie(pending).send();
    assertThat(code(early)).isEqualTo("totp_required");
    HttpResponse<Buffer> wrong =
        post(DashboardAuthRoutes.TOTP_VERIFY).cookie(pending).body(codeBody("000000")).send();
    assertThat(wrong.statusCode()).isEqualTo(401);
    assertThat(code(wrong)).isEqualTo("invalid_totp_code");
    String code = totp(secret, 0);
    HttpResponse<Buffer> verified =
        post(DashboardAuthRoutes.TOTP_VERIFY).cookie(pending).body(codeBody(code)).send();
    assertThat(verified.statusCode()).isEqualTo(200);
    assertThat(get("/api/runtime/version").cookie(pending).send().statusCode()).isEqualTo(200);

    Session second = session(post(DashboardAuthRoutes.LOGIN).body(password(PASSWORD)).send(), null);
    HttpResponse<Buffer> replay =
        post(DashboardAuthRoutes.TOTP_VERIFY).cookie(second).body(codeBody(code)).send();
    assertThat(replay.statusCode()).isEqualTo(401);
    assertThat(code(replay)).isEqualTo("invalid_totp_code");

    Session full =
        new Session(
            pending.id(), verified.bodyAsJsonObject().getString("csrf_token"), pending.setCookie());
    HttpResponse<Buffer> disabled =
        post(DashboardAuthRoutes.TOTP_DISABLE).session(full).body(codeBody(totp(secret, 1))).send();
    assertThat(disabled.bodyAsJsonObject().getBoolean("totp_enabled")).isFalse();
    assertThat(events).contains("admin@127.0.0.1:totp_enabled", "admin@127.0.0.1:totp_disabled");
  }

  @Test
  void everyAuthRouteWithoutASessionAfterSetup() throws Exception {
    setUp();
    record Expect(HttpMethod method, String path, @Nullable String body, int status, String code) {}
    List<Expect> expectations =
        List.of(
            new Expect(
                HttpMethod.POST, DashboardAuthRoutes.LOGOUT, null, 401, "authentication_required"),
            new Expect(
                HttpMethod.POST,
                DashboardAuthRoutes.CHANGE,
                "{\"current_password\":\"a\",\"new_password\":\"b\"}",
                401,
                "authentication_required"),
            new Expect(
                HttpMethod.POST,
                DashboardAuthRoutes.TOTP_START,
                null,
                401,
                "authentication_required"),
            new Expect(
                HttpMethod.POST,
                DashboardAuthRoutes.TOTP_CONFIRM,
                codeBody("123456"),
                401,
                "authentication_required"),
            new Expect(
                HttpMethod.POST,
                DashboardAuthRoutes.TOTP_DISABLE,
                codeBody("123456"),
                401,
                "authentication_required"),
            new Expect(
                HttpMethod.POST,
                DashboardAuthRoutes.TOTP_VERIFY,
                codeBody("123456"),
                401,
                "authentication_required"),
            new Expect(
                HttpMethod.POST, DashboardAuthRoutes.LOGIN, "{}", 400, "invalid_request_error"));
    List<String> mismatches = new ArrayList<>();
    for (Expect expect : expectations) {
      Call call = new Call(expect.method(), expect.path());
      if (expect.body() != null) {
        call.body(expect.body());
      }
      HttpResponse<Buffer> response = call.send();
      String actual =
          response.statusCode()
              + " "
              + response.bodyAsJsonObject().getJsonObject("error").getString("code");
      if (!actual.equals(expect.status() + " " + expect.code())) {
        mismatches.add(expect.path() + ": " + actual);
      }
    }
    assertThat(mismatches).isEmpty();
    assertThat(get(DashboardAuthRoutes.SESSION).send().statusCode()).isEqualTo(200);
  }

  private String totp(String secret, int stepsFromNow) throws Exception {
    byte[] key = base32(secret);
    long step = Math.floorDiv(clock.instant().getEpochSecond(), 30) + stepsFromNow;
    Mac mac = Mac.getInstance("HmacSHA1");
    mac.init(new SecretKeySpec(key, "HmacSHA1"));
    byte[] hash = mac.doFinal(ByteBuffer.allocate(8).putLong(step).array());
    int offset = hash[hash.length - 1] & 0x0f;
    int binary =
        ((hash[offset] & 0x7f) << 24)
            | ((hash[offset + 1] & 0xff) << 16)
            | ((hash[offset + 2] & 0xff) << 8)
            | (hash[offset + 3] & 0xff);
    return String.format("%06d", binary % 1_000_000);
  }

  private static byte[] base32(String text) {
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    ByteBuffer out = ByteBuffer.allocate(text.length() * 5 / 8);
    int buffer = 0;
    int bits = 0;
    for (char c : text.toCharArray()) {
      buffer = (buffer << 5) | alphabet.indexOf(c);
      bits += 5;
      if (bits >= 8) {
        out.put((byte) (buffer >> (bits - 8)));
        bits -= 8;
      }
    }
    return out.array();
  }
}
