package io.codexlb.adapter.http.admin;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import io.codexlb.adapter.http.BodyBudget;
import io.codexlb.adapter.http.HttpListener;
import io.codexlb.application.AdminAuthService;
import io.codexlb.domain.admin.AdminActor;
import io.codexlb.domain.health.ReadinessReport;
import io.codexlb.port.in.CheckReadinessUseCase;
import io.codexlb.port.in.ManualCallbackResult;
import io.codexlb.port.in.OAuthFlowResult;
import io.codexlb.port.in.OAuthLoginUseCase;
import io.codexlb.port.in.OAuthStartResult;
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
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code /api/oauth/*} over HTTP behind the real session gate: the refusals the routes and the gate
 * answer. The login use case is a stub whose browser login finds its callback port busy and which
 * knows no flow; it records what reached it.
 */
@ExtendWith(VertxExtension.class)
class OAuthRoutesTest {

  private static final String HOST = "127.0.0.1";
  private static final String PASSWORD = "correct horse";
  private static final int CALLBACK_PORT = 1455;
  private static final CheckReadinessUseCase READY =
      () -> CompletableFuture.completedFuture(ReadinessReport.of(Map.of()));

  private final MovableClock clock = new MovableClock(Instant.parse("2026-12-07T03:00:00Z"));
  private final List<String> calls = new CopyOnWriteArrayList<>();
  private WebClient client;
  private HttpListener listener;

  /** Browser logins find the callback port busy; no flow is known. */
  private final class StubLogins implements OAuthLoginUseCase {
    @Override
    public CompletionStage<OAuthStartResult> start(Method method, AdminActor actor) {
      calls.add("start " + method.wireName());
      return CompletableFuture.completedFuture(
          new OAuthStartResult.CallbackPortInUse(CALLBACK_PORT));
    }

    @Override
    public Optional<OAuthFlowResult> status(String flowId) {
      calls.add("status " + flowId);
      return Optional.empty();
    }

    @Override
    public CompletionStage<ManualCallbackResult> manualCallback(
        String flowId, String callbackUrl, AdminActor actor) {
      calls.add("manual " + flowId);
      return CompletableFuture.completedFuture(new ManualCallbackResult.UnknownFlow());
    }

    @Override
    public CompletionStage<OAuthFlowResult> finished(String flowId) {
      return CompletableFuture.failedFuture(new IllegalStateException("not used over HTTP"));
    }
  }

  private record Session(String id, String csrf) {}

  @BeforeEach
  void start(Vertx vertx) throws Exception {
    AdminAuthService auth =
        new AdminAuthService(
            new AdminAuthService.Settings(Duration.ofHours(12)),
            new InMemoryAdminAuthRepository(),
            new FakePasswordHasher(),
            new ReversingSecretCipher(),
            (actor, address, action) -> {},
            clock);
    AdminApi admin =
        new AdminApi(
            new SessionGate(auth, TrustedProxies.parse("127.0.0.0/8")),
            Set.of(new DashboardAuthRoutes(auth, clock), new OAuthRoutes(new StubLogins())),
            new BodyBudget(64L << 20),
            "1.2.3");
    client = WebClient.create(vertx);
    listener =
        HttpListener.start(vertx, "admin", HOST, 0, 1, v -> AdminRouter.create(v, READY, admin))
            .await(10, SECONDS);
    String password = new JsonObject().put("password", PASSWORD).encode();
    assertThat(send(HttpMethod.POST, DashboardAuthRoutes.SETUP, password, null, false).statusCode())
        .isEqualTo(200);
  }

  @AfterEach
  void stop() throws Exception {
    client.close();
    listener.shutdown(Duration.ZERO).await(10, SECONDS);
  }

  @Test
  void anUnknownMethodOrFieldIsABadRequest() throws Exception {
    Session session = login();

    HttpResponse<Buffer> unknownMethod = post(OAuthRoutes.START, "{\"method\":\"fax\"}", session);
    HttpResponse<Buffer> noMethod = post(OAuthRoutes.START, "{}", session);
    HttpResponse<Buffer> unknownField =
        post(OAuthRoutes.START, "{\"method\":\"device\",\"port\":1}", session);
    HttpResponse<Buffer> manualUnknownField =
        post(
            OAuthRoutes.MANUAL_CALLBACK,
            "{\"flow_id\":\"f\",\"callback_url\":\"http://x/?code=c&state=s\",\"extra\":1}",
            session);
    HttpResponse<Buffer> manualNoUrl =
        post(OAuthRoutes.MANUAL_CALLBACK, "{\"flow_id\":\"f\"}", session);
    HttpResponse<Buffer> statusUnknownParameter =
        send(HttpMethod.GET, OAuthRoutes.STATUS + "?flow_id=f&x=1", null, session, true);
    HttpResponse<Buffer> statusNoId = send(HttpMethod.GET, OAuthRoutes.STATUS, null, session, true);

    for (HttpResponse<Buffer> response :
        List.of(
            unknownMethod,
            noMethod,
            unknownField,
            manualUnknownField,
            manualNoUrl,
            statusUnknownParameter,
            statusNoId)) {
      assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(400);
      assertThat(code(response)).isEqualTo("invalid_request_error");
    }
    assertThat(error(unknownMethod).getString("message"))
        .isEqualTo("method: expected \"browser\" or \"device\"");
    assertThat(calls).as("nothing reached the use case").isEmpty();
  }

  @Test
  void anUnknownFlowIdIsNotFound() throws Exception {
    Session session = login();

    HttpResponse<Buffer> status =
        send(HttpMethod.GET, OAuthRoutes.STATUS + "?flow_id=nope", null, session, true);
    HttpResponse<Buffer> manual =
        post(
            OAuthRoutes.MANUAL_CALLBACK,
            "{\"flow_id\":\"nope\",\"callback_url\":\"http://127.0.0.1:1455/auth/callback?code=c&state=s\"}",
            session);

    assertThat(status.statusCode()).isEqualTo(404);
    assertThat(code(status)).isEqualTo("oauth_flow_not_found");
    assertThat(manual.statusCode()).isEqualTo(404);
    assertThat(code(manual)).isEqualTo("oauth_flow_not_found");
    assertThat(calls).containsExactly("status nope", "manual nope");
  }

  @Test
  void aBusyCallbackPortIsAConflictThatPointsToTheDeviceLogin() throws Exception {
    HttpResponse<Buffer> response = post(OAuthRoutes.START, "{\"method\":\"browser\"}", login());

    assertThat(response.statusCode()).isEqualTo(409);
    assertThat(code(response)).isEqualTo("oauth_callback_port_in_use");
    assertThat(error(response).getString("message"))
        .contains("Port " + CALLBACK_PORT + " is in use")
        .contains("device code login");
    assertThat(calls).containsExactly("start browser");
  }

  @Test
  void withoutASessionEveryRouteIsUnauthorized() throws Exception {
    for (HttpResponse<Buffer> response :
        List.of(
            send(HttpMethod.POST, OAuthRoutes.START, "{\"method\":\"device\"}", null, false),
            send(HttpMethod.GET, OAuthRoutes.STATUS + "?flow_id=f", null, null, false),
            send(
                HttpMethod.POST,
                OAuthRoutes.MANUAL_CALLBACK,
                "{\"flow_id\":\"f\",\"callback_url\":\"http://x/?code=c&state=s\"}",
                null,
                false))) {
      assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(401);
      assertThat(code(response)).isEqualTo("authentication_required");
    }
    assertThat(calls).isEmpty();
  }

  @Test
  void aStateChangingRouteWithoutTheCsrfTokenIsForbidden() throws Exception {
    Session session = login();

    HttpResponse<Buffer> start =
        send(HttpMethod.POST, OAuthRoutes.START, "{\"method\":\"device\"}", session, false);
    HttpResponse<Buffer> manual =
        send(
            HttpMethod.POST,
            OAuthRoutes.MANUAL_CALLBACK,
            "{\"flow_id\":\"f\",\"callback_url\":\"http://x/?code=c&state=s\"}",
            session,
            false);

    for (HttpResponse<Buffer> response : List.of(start, manual)) {
      assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(403);
      assertThat(code(response)).isEqualTo("csrf_token_invalid");
    }
    assertThat(calls).isEmpty();
  }

  private Session login() throws Exception {
    HttpResponse<Buffer> response =
        send(
            HttpMethod.POST,
            DashboardAuthRoutes.LOGIN,
            new JsonObject().put("password", PASSWORD).encode(),
            null,
            false);
    assertThat(response.statusCode()).isEqualTo(200);
    String header =
        response.cookies().stream()
            .filter(c -> c.startsWith(DashboardAuthRoutes.COOKIE + "="))
            .findFirst()
            .orElseThrow();
    return new Session(
        header.substring(header.indexOf('=') + 1, header.indexOf(';')),
        response.bodyAsJsonObject().getString("csrf_token"));
  }

  private HttpResponse<Buffer> post(String path, String body, Session session) throws Exception {
    return send(HttpMethod.POST, path, body, session, true);
  }

  /** A loopback request, with the session's cookie and, when {@code csrf}, its CSRF token. */
  private HttpResponse<Buffer> send(
      HttpMethod method,
      String path,
      @Nullable String body,
      @Nullable Session session,
      boolean csrf)
      throws Exception {
    HttpRequest<Buffer> request = client.request(method, listener.port(), HOST, path);
    if (session != null) {
      request.putHeader("Cookie", DashboardAuthRoutes.COOKIE + "=" + session.id());
      if (csrf) {
        request.putHeader(DashboardAuthRoutes.CSRF_HEADER, session.csrf());
      }
    }
    if (body == null) {
      return request.send().await(10, SECONDS);
    }
    request.putHeader("Content-Type", "application/json");
    return request.sendBuffer(Buffer.buffer(body)).await(10, SECONDS);
  }

  private static JsonObject error(HttpResponse<Buffer> response) {
    return response.bodyAsJsonObject().getJsonObject("error");
  }

  private static String code(HttpResponse<Buffer> response) {
    return error(response).getString("code");
  }
}
