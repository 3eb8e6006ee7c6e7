package io.codexlb.adapter.http.admin;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import io.codexlb.adapter.http.ApiError;
import io.codexlb.adapter.http.ErrorResponses;
import io.codexlb.domain.health.Failures;
import io.codexlb.port.in.AdminAuthStatusResult;
import io.codexlb.port.in.AdminAuthUseCase;
import io.codexlb.port.in.AdminSessionResult;
import io.vertx.core.Future;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import java.security.MessageDigest;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin gate. While no password is set, only loopback clients pass (as {@code "local"}), plus a
 * remote password setup that carries {@code X-Bootstrap-Token} (the route checks the token). Once a
 * password is set every client, loopback included, needs a session: the cookie {@value
 * DashboardAuthRoutes#COOKIE} naming a stored, unexpired session whose login is complete; a
 * state-changing request must also carry the session's {@code X-CSRF-Token}. The few routes that
 * make a session (setup, login, TOTP verify, and the session's own status) pass without one.
 *
 * <p>Whatever the state, a state-changing request that a browser marks as cross-site ({@code
 * Sec-Fetch-Site: cross-site}, or an {@code Origin} other than the request's host) is refused: a
 * web page open on this machine must not drive the loopback-only API before a password exists.
 *
 * <p>The state (password set, session) is read from the store on every request, so a logout or a
 * password change on any instance holds at the next request everywhere.
 */
public final class SessionGate implements AdminGate {

  private static final Logger log = LoggerFactory.getLogger(SessionGate.class);

  private static final Set<HttpMethod> SAFE = Set.of(HttpMethod.GET, HttpMethod.HEAD);

  /** Routes that a client without a complete session may call (they make or report one). */
  private static final Set<String> OPEN_PATHS =
      Set.of(
          DashboardAuthRoutes.SESSION,
          DashboardAuthRoutes.SETUP,
          DashboardAuthRoutes.LOGIN,
          DashboardAuthRoutes.TOTP_VERIFY);

  private final AdminAuthUseCase auth;
  private final TrustedProxies proxies;

  /**
   * @param auth the sessions and whether a password is set
   * @param proxies whose forwarded headers name the client
   */
  public SessionGate(AdminAuthUseCase auth, TrustedProxies proxies) {
    this.auth = requireNonNull(auth, "auth");
    this.proxies = requireNonNull(proxies, "proxies");
  }

  @Override
  public void handle(RoutingContext ctx) {
    HttpServerRequest request = ctx.request();
    TrustedProxies.Client client = proxies.client(request);
    boolean safe = SAFE.contains(request.method());
    if (!safe && crossSite(request)) {
      refuse(ctx, AuthErrors.CROSS_SITE);
      return;
    }
    // The store answers on another thread: hold the body back until the gate has decided, so the
    // body reader that runs after it sees every byte.
    request.pause();
    String path = String.valueOf(request.path());
    CompletionStage<Decision> decision =
        auth.status()
            .thenCompose(
                status -> {
                  if (!status.passwordSet()) {
                    return CompletableFuture.completedFuture(
                        beforeSetup(request, client, path, status));
                  }
                  return auth.checkSession(sessionId(request))
                      .thenApply(session -> afterSetup(request, client, path, status, session));
                });
    Future.fromCompletionStage(decision, ctx.vertx().getOrCreateContext())
        .onComplete(
            result -> {
              if (result.failed()) {
                log.error(
                    "admin gate: the store could not be asked: {}",
                    Failures.oneLine(result.cause()));
                refuse(
                    ctx,
                    new ApiError(
                        503,
                        "store_unavailable",
                        ApiError.SERVER_ERROR,
                        "The store is not available; try again shortly"));
                return;
              }
              Decision made = result.result();
              AuthState.put(ctx, made.state());
              if (made.refusal() != null) {
                refuse(ctx, made.refusal());
                return;
              }
              AdminPrincipal.put(ctx, new AdminPrincipal(made.actor(), client.address()));
              ctx.next();
              request.resume();
            });
  }

  private static Decision beforeSetup(
      HttpServerRequest request,
      TrustedProxies.Client client,
      String path,
      AdminAuthStatusResult status) {
    AuthState state = new AuthState(client, status, new AdminSessionResult.Missing());
    if (client.loopback()) {
      return Decision.pass("local", state);
    }
    if (path.equals(DashboardAuthRoutes.SETUP)
        && request.method() == HttpMethod.POST
        && request.getHeader(DashboardAuthRoutes.BOOTSTRAP_HEADER) != null) {
      return Decision.pass("bootstrap", state);
    }
    return Decision.refuse(AuthErrors.ADMIN_FORBIDDEN, state);
  }

  private static Decision afterSetup(
      HttpServerRequest request,
      TrustedProxies.Client client,
      String path,
      AdminAuthStatusResult status,
      AdminSessionResult session) {
    AuthState state = new AuthState(client, status, session);
    if (OPEN_PATHS.contains(path)) {
      return Decision.pass(state.complete() ? "admin" : "anonymous", state);
    }
    if (session instanceof AdminSessionResult.Expired) {
      return Decision.refuse(AuthErrors.SESSION_EXPIRED, state);
    }
    if (!(session instanceof AdminSessionResult.Valid valid)) {
      return Decision.refuse(AuthErrors.AUTHENTICATION_REQUIRED, state);
    }
    if (!valid.totpVerified()) {
      return Decision.refuse(AuthErrors.TOTP_REQUIRED, state);
    }
    if (!SAFE.contains(request.method())
        && !constantTimeEquals(
            request.getHeader(DashboardAuthRoutes.CSRF_HEADER), valid.csrfToken())) {
      return Decision.refuse(AuthErrors.CSRF_TOKEN_INVALID, state);
    }
    return Decision.pass("admin", state);
  }

  private static boolean crossSite(HttpServerRequest request) {
    String site = request.getHeader("Sec-Fetch-Site");
    if (site != null && site.equalsIgnoreCase("cross-site")) {
      return true;
    }
    String origin = request.getHeader("Origin");
    if (origin == null) {
      return false;
    }
    String host = request.getHeader("Host");
    if (origin.equals("null") || host == null) {
      return true;
    }
    int scheme = origin.indexOf("://");
    String originHost = scheme < 0 ? origin : origin.substring(scheme + 3);
    return !originHost.equalsIgnoreCase(host);
  }

  static @Nullable String sessionId(HttpServerRequest request) {
    Cookie cookie = request.getCookie(DashboardAuthRoutes.COOKIE);
    return cookie == null ? null : cookie.getValue();
  }

  private static boolean constantTimeEquals(@Nullable String presented, String expected) {
    return presented != null
        && MessageDigest.isEqual(presented.getBytes(UTF_8), expected.getBytes(UTF_8));
  }

  private static void refuse(RoutingContext ctx, ApiError error) {
    ErrorResponses.send(ctx, error);
    // The body was held back; let it flow (and be dropped) so the connection can be reused.
    ctx.request().resume();
  }

  /** What the gate decided: who passes, or the error that refuses the request. */
  private record Decision(String actor, @Nullable ApiError refusal, AuthState state) {
    static Decision pass(String actor, AuthState state) {
      return new Decision(actor, null, state);
    }

    static Decision refuse(ApiError refusal, AuthState state) {
      return new Decision("none", refusal, state);
    }
  }
}
