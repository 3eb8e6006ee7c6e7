package io.codexlb.adapter.http.admin;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.codexlb.adapter.http.ApiError;
import io.codexlb.adapter.http.ApiException;
import io.codexlb.adapter.http.ErrorResponses;
import io.codexlb.adapter.http.JsonResponses;
import io.codexlb.adapter.http.RequestBodies;
import io.codexlb.domain.health.Failures;
import io.codexlb.port.in.AdminAuthResult;
import io.codexlb.port.in.AdminAuthUseCase;
import io.codexlb.port.in.AdminSessionResult;
import io.vertx.core.Future;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletionStage;
import java.util.function.BiConsumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /api/dashboard-auth/...}: the password (setup, login, change), TOTP (setup, verify,
 * disable), the session and logout. The session id travels only in the cookie {@value #COOKIE}
 * (HttpOnly, SameSite=Strict, Path=/, Secure over HTTPS) and is never in a body; the CSRF token is
 * in the answers of login, TOTP verify and {@code GET session}.
 */
public final class DashboardAuthRoutes implements AdminRoutes {

  /** The session cookie's name. */
  public static final String COOKIE = "codex_lb_dashboard_session";

  /** The header carrying the session's CSRF token on state-changing requests. */
  public static final String CSRF_HEADER = "X-CSRF-Token";

  /** The header carrying the bootstrap token on a remote password setup. */
  public static final String BOOTSTRAP_HEADER = "X-Bootstrap-Token";

  static final String PREFIX = "/api/dashboard-auth";
  static final String SESSION = PREFIX + "/session";
  static final String SETUP = PREFIX + "/password/setup";
  static final String LOGIN = PREFIX + "/password/login";
  static final String CHANGE = PREFIX + "/password/change";
  static final String LOGOUT = PREFIX + "/logout";
  static final String TOTP_START = PREFIX + "/totp/setup/start";
  static final String TOTP_CONFIRM = PREFIX + "/totp/setup/confirm";
  static final String TOTP_VERIFY = PREFIX + "/totp/verify";
  static final String TOTP_DISABLE = PREFIX + "/totp/disable";

  private static final Logger log = LoggerFactory.getLogger(DashboardAuthRoutes.class);

  /** {@code {"password"}}. */
  record PasswordBody(@Nullable String password) {}

  /** {@code {"current_password", "new_password"}}. */
  record ChangeBody(@Nullable String current_password, @Nullable String new_password) {}

  /** {@code {"code"}}. */
  record CodeBody(@Nullable String code) {}

  private final AdminAuthUseCase auth;
  private final Clock clock;

  /**
   * @param auth the use case behind the routes
   * @param clock for the cookie's Max-Age
   */
  public DashboardAuthRoutes(AdminAuthUseCase auth, Clock clock) {
    this.auth = requireNonNull(auth, "auth");
    this.clock = requireNonNull(clock, "clock");
  }

  @Override
  public void install(Router router) {
    router.get(SESSION).handler(this::session);
    router.post(SETUP).handler(this::setup);
    router.post(LOGIN).handler(this::login);
    router.post(TOTP_VERIFY).handler(this::verify);
    router.post(LOGOUT).handler(this::logout);
    router.post(CHANGE).handler(this::change);
    router.post(TOTP_START).handler(this::totpStart);
    router.post(TOTP_CONFIRM).handler(this::totpConfirm);
    router.post(TOTP_DISABLE).handler(this::totpDisable);
  }

  private void session(RoutingContext ctx) {
    AuthState state = state(ctx);
    ObjectNode body = JsonResponses.object();
    body.put("authenticated", state.complete());
    body.put("password_required", state.status().passwordSet());
    body.put("totp_enabled", state.status().totpEnabled());
    if (state.session() instanceof AdminSessionResult.Valid valid) {
      body.put("totp_pending", !valid.totpVerified());
      body.put("csrf_token", valid.csrfToken());
      body.put("expires_at", valid.expiresAt().toString());
    } else {
      body.put("totp_pending", false);
      body.putNull("csrf_token");
      body.putNull("expires_at");
      body.put("session_expired", state.session() instanceof AdminSessionResult.Expired);
    }
    JsonResponses.send(ctx.response(), 200, body);
  }

  private void setup(RoutingContext ctx) {
    String password = required(RequestBodies.json(ctx, PasswordBody.class).password(), "password");
    AdminPrincipal principal = principal(ctx);
    boolean tokenRequired = !state(ctx).client().loopback();
    reply(
        ctx,
        auth.setUpPassword(
            password,
            ctx.request().getHeader(BOOTSTRAP_HEADER),
            tokenRequired,
            principal.actor(),
            principal.address()),
        (c, done) -> ok(c, JsonResponses.object().put("status", "password_set")));
  }

  private void login(RoutingContext ctx) {
    String password = required(RequestBodies.json(ctx, PasswordBody.class).password(), "password");
    AuthState state = state(ctx);
    reply(
        ctx,
        auth.login(password, state.client().address()),
        (c, result) -> {
          AdminAuthResult.LoggedIn in = (AdminAuthResult.LoggedIn) result;
          c.response().addCookie(cookie(in.sessionId(), in.expiresAt(), state.client().secure()));
          if (in.totpRequired()) {
            ErrorResponses.send(c, AuthErrors.TOTP_REQUIRED);
            return;
          }
          ok(c, loggedIn(in.csrfToken(), in.expiresAt()));
        });
  }

  private void verify(RoutingContext ctx) {
    String code = required(RequestBodies.json(ctx, CodeBody.class).code(), "code");
    AuthState state = state(ctx);
    String sessionId = SessionGate.sessionId(ctx.request());
    if (sessionId == null) {
      throw new ApiException(AuthErrors.AUTHENTICATION_REQUIRED);
    }
    reply(
        ctx,
        auth.verifyTotp(sessionId, code, state.client().address()),
        (c, done) -> {
          AdminSessionResult.Valid valid = (AdminSessionResult.Valid) state.session();
          ok(c, loggedIn(valid.csrfToken(), valid.expiresAt()));
        });
  }

  private void logout(RoutingContext ctx) {
    String sessionId = SessionGate.sessionId(ctx.request());
    AuthState state = state(ctx);
    reply(
        ctx,
        auth.logout(sessionId == null ? "" : sessionId, state.client().address()),
        (c, done) -> {
          c.response().addCookie(expiredCookie(state.client().secure()));
          ok(c, JsonResponses.object().put("status", "logged_out"));
        });
  }

  private void change(RoutingContext ctx) {
    ChangeBody body = RequestBodies.json(ctx, ChangeBody.class);
    String current = required(body.current_password(), "current_password");
    String next = required(body.new_password(), "new_password");
    AuthState state = state(ctx);
    reply(
        ctx,
        auth.changePassword(current, next, state.client().address()),
        (c, done) -> {
          // Every session ended, this one too: the client logs in with the new password.
          c.response().addCookie(expiredCookie(state.client().secure()));
          ok(c, JsonResponses.object().put("status", "password_changed"));
        });
  }

  private void totpStart(RoutingContext ctx) {
    reply(
        ctx,
        auth.startTotpSetup(state(ctx).client().address()),
        (c, result) -> {
          AdminAuthResult.TotpSetup setup = (AdminAuthResult.TotpSetup) result;
          ok(
              c,
              JsonResponses.object()
                  .put("secret", setup.secret())
                  .put("otpauth_uri", setup.otpauthUri())
                  // The dashboard shows it as an image: drawn here, never by a web service.
                  .put("otpauth_qr_svg", QrSvg.of(setup.otpauthUri())));
        });
  }

  private void totpConfirm(RoutingContext ctx) {
    String code = required(RequestBodies.json(ctx, CodeBody.class).code(), "code");
    reply(
        ctx,
        auth.confirmTotp(code, state(ctx).client().address()),
        (c, done) -> ok(c, JsonResponses.object().put("totp_enabled", true)));
  }

  private void totpDisable(RoutingContext ctx) {
    String code = required(RequestBodies.json(ctx, CodeBody.class).code(), "code");
    reply(
        ctx,
        auth.disableTotp(code, state(ctx).client().address()),
        (c, done) -> ok(c, JsonResponses.object().put("totp_enabled", false)));
  }

  /**
   * Answers once {@code stage} completes, on the request's own context: a refusal as its error, a
   * failure as a 500 (logged), anything else through {@code onSuccess}.
   */
  private static void reply(
      RoutingContext ctx,
      CompletionStage<AdminAuthResult> stage,
      BiConsumer<RoutingContext, AdminAuthResult> onSuccess) {
    Future.fromCompletionStage(stage, ctx.vertx().getOrCreateContext())
        .onComplete(
            result -> {
              if (result.failed()) {
                log.error(
                    "{} {}: failed: {}",
                    ctx.request().method(),
                    ctx.request().path(),
                    Failures.oneLine(result.cause()));
                ErrorResponses.send(
                    ctx,
                    new ApiError(
                        500,
                        "internal_error",
                        ApiError.SERVER_ERROR,
                        "The request failed; the server's log says why"));
                return;
              }
              if (result.result() instanceof AdminAuthResult.Refused refused) {
                ErrorResponses.send(ctx, AuthErrors.of(refused));
                return;
              }
              onSuccess.accept(ctx, result.result());
            });
  }

  private static ObjectNode loggedIn(String csrfToken, Instant expiresAt) {
    return JsonResponses.object()
        .put("authenticated", true)
        .put("csrf_token", csrfToken)
        .put("expires_at", expiresAt.toString());
  }

  private static void ok(RoutingContext ctx, ObjectNode body) {
    JsonResponses.send(ctx.response(), 200, body);
  }

  private Cookie cookie(String sessionId, Instant expiresAt, boolean secure) {
    long maxAge = Math.max(1, Duration.between(clock.instant(), expiresAt).toSeconds());
    return Cookie.cookie(COOKIE, sessionId)
        .setPath("/")
        .setHttpOnly(true)
        .setSameSite(CookieSameSite.STRICT)
        .setSecure(secure)
        .setMaxAge(maxAge);
  }

  private static Cookie expiredCookie(boolean secure) {
    return Cookie.cookie(COOKIE, "")
        .setPath("/")
        .setHttpOnly(true)
        .setSameSite(CookieSameSite.STRICT)
        .setSecure(secure)
        .setMaxAge(0);
  }

  private static String required(@Nullable String value, String field) {
    if (value == null) {
      throw new ApiException(ApiError.invalidRequest("Missing field '" + field + "'"));
    }
    return value;
  }

  private static AuthState state(RoutingContext ctx) {
    return AuthState.of(ctx)
        .orElseThrow(
            () -> new IllegalStateException("the dashboard-auth routes need the SessionGate"));
  }

  private static AdminPrincipal principal(RoutingContext ctx) {
    return AdminPrincipal.of(ctx)
        .orElseThrow(() -> new IllegalStateException("the gate recorded no principal"));
  }

  @Override
  public ObjectNode openApiPaths() {
    ObjectNode paths = JsonResponses.object();
    operation(
        paths,
        SESSION,
        "get",
        "Whether the caller is logged in, whether a password and TOTP are set, the CSRF token");
    operation(
        paths,
        SETUP,
        "post",
        "Set the first password (loopback, or remote with X-Bootstrap-Token)",
        "password");
    operation(
        paths,
        LOGIN,
        "post",
        "Log in; sets the session cookie (401 totp_required when a code is owed)",
        "password");
    operation(paths, TOTP_VERIFY, "post", "Complete a login with a TOTP code", "code");
    operation(paths, LOGOUT, "post", "End the session");
    operation(
        paths,
        CHANGE,
        "post",
        "Change the password; ends every session",
        "current_password",
        "new_password");
    operation(
        paths, TOTP_START, "post", "Begin TOTP setup: a new secret, its otpauth URI and QR code");
    operation(paths, TOTP_CONFIRM, "post", "Turn TOTP on with a code from the new secret", "code");
    operation(paths, TOTP_DISABLE, "post", "Turn TOTP off, given a current code", "code");
    return paths;
  }

  private static void operation(
      ObjectNode paths, String path, String method, String summary, String... fields) {
    ObjectNode operation = paths.putObject(path).putObject(method).put("summary", summary);
    if (fields.length > 0) {
      ObjectNode schema =
          operation
              .putObject("requestBody")
              .put("required", true)
              .putObject("content")
              .putObject("application/json")
              .putObject("schema")
              .put("type", "object")
              .put("additionalProperties", false);
      ObjectNode properties = schema.putObject("properties");
      var required = schema.putArray("required");
      for (String field : fields) {
        properties.putObject(field).put("type", "string");
        required.add(field);
      }
    }
    ObjectNode responses = operation.putObject("responses");
    responses.putObject("200").put("description", "Done");
    responses.putObject("4XX").put("description", "Refused: {\"error\":{\"code\",\"message\"}}");
  }
}
