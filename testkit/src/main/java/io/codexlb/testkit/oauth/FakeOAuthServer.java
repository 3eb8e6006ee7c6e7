package io.codexlb.testkit.oauth;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A fake of OpenAI's OAuth server ({@code auth.openai.com}) on loopback, for end-to-end tests of
 * logins and token refresh. Point {@code CODEX_LB_AUTH_BASE_URL} at {@link #baseUrl()}.
 *
 * <ul>
 *   <li>{@code GET /oauth/authorize}: checks the Codex CLI's parameters (client id, redirect URI,
 *       PKCE S256 challenge, state) and redirects (302) to the redirect URI with {@code code} and
 *       {@code state}, or with {@code error=access_denied} after {@link #denyLogins()}.
 *   <li>{@code POST /oauth/token}: {@code grant_type=authorization_code} (form body; a code is
 *       single-use and needs the PKCE verifier and the same redirect URI) and {@code
 *       grant_type=refresh_token} (JSON body). Refresh tokens rotate and are single-use: a used one
 *       answers 401 {@code refresh_token_reused}, an unknown one 400 {@code invalid_grant}.
 *   <li>{@code POST /api/accounts/deviceauth/usercode} and {@code .../token}: device codes, pending
 *       (403 {@code authorization_pending}) until {@link #approveDevice(String)}, then {@code
 *       authorization_code} and {@code code_verifier} to exchange with the redirect URI {@code
 *       {base}/deviceauth/callback}.
 * </ul>
 *
 * <p>id_tokens and access tokens are unsigned JWTs (OpenAI's clients do not verify them) whose
 * payload carries {@code email}, {@code sub}, {@code exp} and {@code https://api.openai.com/auth} =
 * {@code {chatgpt_account_id, chatgpt_plan_type, chatgpt_user_id}}. Thread-safe.
 */
public final class FakeOAuthServer {

  /** The Codex CLI's OAuth client id, the only one accepted. */
  public static final String CLIENT_ID = "app_EMoamEEZ73f0CkXaXp7hrann";

  /** The account logins approve as until {@link #approveLoginsAs(String)} names another. */
  public static final String DEFAULT_ACCOUNT_ID = "acct-oauth-default";

  /** The claim object holding the ChatGPT account, plan and user. */
  public static final String AUTH_CLAIM = "https://api.openai.com/auth";

  /** How long issued access tokens last ({@code expires_in}), as OpenAI's do: 10 days. */
  public static final Duration ACCESS_TOKEN_LIFETIME = Duration.ofDays(10);

  private static final SecureRandom RANDOM = new SecureRandom();

  private final Vertx vertx;
  private final boolean ownsVertx;
  private final FakeOAuthServerOptions options;
  private final Map<String, FakeOAuthAccount> accounts = new ConcurrentHashMap<>();
  private final List<Map<String, String>> authorizeRequests = new CopyOnWriteArrayList<>();
  private final AtomicLong serial = new AtomicLong();
  private final AtomicInteger codeExchanges = new AtomicInteger();
  private final AtomicInteger unknownRefreshTokens = new AtomicInteger();
  private final AtomicInteger abandonedRefreshes = new AtomicInteger();

  // Guarded by "this": the token, code and device state changes in steps that must not interleave.
  private final Map<String, RefreshToken> refreshTokens = new HashMap<>();
  private final Map<String, AuthCode> codes = new HashMap<>();
  private final Map<String, DeviceCode> deviceCodes = new LinkedHashMap<>();
  private final List<HeldRefresh> held = new ArrayList<>();
  private boolean holding;
  private boolean deviceAuthAvailable = true;
  private boolean autoApproveDevices;

  private volatile String loginAccountId = DEFAULT_ACCOUNT_ID;
  private volatile boolean denyLogins;
  private volatile int port;
  private volatile HttpServer server;

  private FakeOAuthServer(Vertx vertx, boolean ownsVertx, FakeOAuthServerOptions options) {
    this.vertx = vertx;
    this.ownsVertx = ownsVertx;
    this.options = options;
  }

  /** Starts on a free loopback port with its own Vert.x, and waits until it listens. */
  public static FakeOAuthServer start() {
    return start(FakeOAuthServerOptions.defaults());
  }

  /** Starts with {@code options} and its own Vert.x (closed by {@link #close()}), and waits. */
  public static FakeOAuthServer start(FakeOAuthServerOptions options) {
    return await(startAsync(Vertx.vertx(), true, options));
  }

  /** Starts with {@code options} on {@code vertx} (left open by {@link #close()}), and waits. */
  public static FakeOAuthServer start(Vertx vertx, FakeOAuthServerOptions options) {
    return await(startAsync(vertx, false, options));
  }

  /** Starts with {@code options} on {@code vertx}; completes once it listens. */
  public static CompletionStage<FakeOAuthServer> startAsync(
      Vertx vertx, FakeOAuthServerOptions options) {
    return startAsync(vertx, false, options);
  }

  private static CompletionStage<FakeOAuthServer> startAsync(
      Vertx vertx, boolean ownsVertx, FakeOAuthServerOptions options) {
    FakeOAuthServer fake = new FakeOAuthServer(vertx, ownsVertx, options);
    return fake.listen().map(fake).toCompletionStage();
  }

  private static FakeOAuthServer await(CompletionStage<FakeOAuthServer> started) {
    if (Context.isOnEventLoopThread()) {
      throw new IllegalStateException(
          "FakeOAuthServer.start: called on an event loop (expected: startAsync there)");
    }
    return started.toCompletableFuture().join();
  }

  private Future<Void> listen() {
    Router router = Router.router(vertx);
    router.route().handler(BodyHandler.create().setBodyLimit(64 * 1024));
    router.get("/oauth/authorize").handler(this::authorize);
    router.post("/oauth/token").handler(this::token);
    router.post("/api/accounts/deviceauth/usercode").handler(this::userCode);
    router.post("/api/accounts/deviceauth/token").handler(this::deviceToken);
    router.get("/codex/device").handler(this::devicePage);
    return vertx
        .createHttpServer(new HttpServerOptions().setHost(options.host()).setPort(options.port()))
        .requestHandler(router)
        .listen()
        .onSuccess(
            listening -> {
              server = listening;
              port = listening.actualPort();
            })
        .mapEmpty();
  }

  /** Stops listening (and closes its Vert.x if it made its own); held refreshes are cut. */
  public CompletionStage<Void> close() {
    List<HeldRefresh> cut;
    synchronized (this) {
      holding = false;
      cut = List.copyOf(held);
      held.clear();
    }
    for (HeldRefresh refresh : cut) {
      refresh.context().runOnContext(ignored -> refresh.routing().request().connection().close());
    }
    HttpServer listening = server;
    Future<Void> closed;
    if (ownsVertx) {
      closed = vertx.close();
    } else {
      closed =
          listening == null
              ? Future.succeededFuture()
              : listening.shutdown(0, TimeUnit.MILLISECONDS);
    }
    return closed.toCompletionStage();
  }

  /** The port it listens on. */
  public int port() {
    return port;
  }

  /** {@code http://<host>:<port>}, the value for {@code CODEX_LB_AUTH_BASE_URL}. */
  public String baseUrl() {
    return "http://" + options.host() + ":" + port;
  }

  /**
   * The redirect URI device-code logins exchange their code with: {@code
   * {base}/deviceauth/callback}.
   */
  public String deviceRedirectUri() {
    return baseUrl() + "/deviceauth/callback";
  }

  /** The page a device-code user is sent to: {@code {base}/codex/device}. */
  public String verificationUrl() {
    return baseUrl() + "/codex/device";
  }

  /** The account {@code accountId} (its {@code chatgpt_account_id}), created on demand. */
  public FakeOAuthAccount account(String accountId) {
    if (accountId == null || accountId.isBlank()) {
      throw new IllegalArgumentException("accountId: " + accountId + " (expected: an account id)");
    }
    return accounts.computeIfAbsent(accountId, id -> new FakeOAuthAccount(this, id));
  }

  /** Browser logins and device approvals log in as {@code accountId} from now on (and approve). */
  public FakeOAuthServer approveLoginsAs(String accountId) {
    account(accountId);
    loginAccountId = accountId;
    denyLogins = false;
    return this;
  }

  /** Browser logins are refused from now on: the user clicks "Deny" ({@code access_denied}). */
  public FakeOAuthServer denyLogins() {
    denyLogins = true;
    return this;
  }

  /** Device codes cannot be requested: the user code endpoint answers 404. */
  public synchronized FakeOAuthServer deviceAuthUnavailable() {
    deviceAuthAvailable = false;
    return this;
  }

  /** Device codes are approved (as the login account) when first polled; for standalone runs. */
  public synchronized FakeOAuthServer autoApproveDeviceCodes() {
    autoApproveDevices = true;
    return this;
  }

  /**
   * Every refresh grant from now on is held, unanswered and unprocessed, until {@link
   * #releaseRefreshes()}: a test can kill a client in the middle of its refresh.
   */
  public synchronized FakeOAuthServer holdRefreshes() {
    holding = true;
    return this;
  }

  /**
   * Stops holding and processes the held refreshes in arrival order. One whose client has gone away
   * in the meantime is dropped without rotating anything (counted by {@link
   * #abandonedRefreshes()}).
   */
  public void releaseRefreshes() {
    List<HeldRefresh> released;
    synchronized (this) {
      holding = false;
      released = List.copyOf(held);
      held.clear();
    }
    for (HeldRefresh refresh : released) {
      refresh.context().runOnContext(ignored -> answerRefresh(refresh.routing(), refresh.token()));
    }
  }

  /** How many refresh grants are held now. */
  public synchronized int heldRefreshes() {
    return held.size();
  }

  /** How many held refreshes were dropped at release because their client had gone away. */
  public int abandonedRefreshes() {
    return abandonedRefreshes.get();
  }

  /** How many refresh grants presented a token this server never issued. */
  public int unknownRefreshTokens() {
    return unknownRefreshTokens.get();
  }

  /** How many {@code authorization_code} grants succeeded. */
  public int codeExchanges() {
    return codeExchanges.get();
  }

  /** The query parameters of every {@code GET /oauth/authorize}, in arrival order. */
  public List<Map<String, String>> authorizeRequests() {
    return List.copyOf(authorizeRequests);
  }

  /** The user codes of the device codes still pending, oldest first. */
  public synchronized List<String> pendingUserCodes() {
    Instant now = options.clock().instant();
    List<String> pending = new ArrayList<>();
    for (DeviceCode device : deviceCodes.values()) {
      if (device.state == DeviceState.PENDING && now.isBefore(device.expiresAt)) {
        pending.add(device.userCode);
      }
    }
    return pending;
  }

  /** The user approves device code {@code userCode} as the login account. */
  public void approveDevice(String userCode) {
    settleDevice(userCode, DeviceState.APPROVED);
  }

  /** The user refuses device code {@code userCode}. */
  public void denyDevice(String userCode) {
    settleDevice(userCode, DeviceState.DENIED);
  }

  /** Device code {@code userCode} expires now. */
  public void expireDevice(String userCode) {
    settleDevice(userCode, DeviceState.EXPIRED);
  }

  /** The next poll of {@code userCode} answers {@code slow_down} (once). */
  public synchronized void slowDownNextPoll(String userCode) {
    deviceByUserCode(userCode).slowDown = true;
  }

  /** How often {@code userCode} has been polled. */
  public synchronized int devicePolls(String userCode) {
    return deviceByUserCode(userCode).polls;
  }

  private synchronized void settleDevice(String userCode, DeviceState state) {
    DeviceCode device = deviceByUserCode(userCode);
    if (device.state != DeviceState.PENDING) {
      throw new IllegalStateException("device code " + userCode + ": already " + device.state);
    }
    device.state = state;
    device.accountId = loginAccountId;
  }

  private DeviceCode deviceByUserCode(String userCode) {
    for (DeviceCode device : deviceCodes.values()) {
      if (device.userCode.equals(userCode)) {
        return device;
      }
    }
    throw new IllegalArgumentException("userCode: " + userCode + " (expected: one issued)");
  }

  /** An unsigned id_token for {@code account} as issued now. */
  public String idTokenFor(FakeOAuthAccount account) {
    Instant now = options.clock().instant();
    JsonObject payload =
        new JsonObject()
            .put("iss", "https://auth.openai.com")
            .put("aud", new io.vertx.core.json.JsonArray().add(CLIENT_ID))
            .put("sub", "user-" + account.accountId())
            .put("email", account.email())
            .put("email_verified", true)
            .put("iat", now.getEpochSecond())
            .put("exp", now.plus(Duration.ofHours(1)).getEpochSecond())
            .put(
                AUTH_CLAIM,
                new JsonObject()
                    .put("chatgpt_account_id", account.accountId())
                    .put("chatgpt_plan_type", account.planType())
                    .put("chatgpt_user_id", "user-" + account.accountId()));
    return jwt(payload);
  }

  synchronized IssuedTokens issue(FakeOAuthAccount account) {
    Instant now = options.clock().instant();
    long n = serial.incrementAndGet();
    String access =
        jwt(
            new JsonObject()
                .put("jti", "at-" + n + "-" + random(8))
                .put("iat", now.getEpochSecond())
                .put("exp", now.plus(ACCESS_TOKEN_LIFETIME).getEpochSecond())
                .put(AUTH_CLAIM, new JsonObject().put("chatgpt_account_id", account.accountId())));
    String refresh = "rt_" + n + "_" + random(24);
    refreshTokens.put(refresh, new RefreshToken(account.accountId()));
    return new IssuedTokens(access, refresh, idTokenFor(account));
  }

  // --- GET /oauth/authorize ---------------------------------------------------------------

  private void authorize(RoutingContext routing) {
    MultiMap query = routing.queryParams();
    Map<String, String> params = new LinkedHashMap<>();
    query.forEach(entry -> params.putIfAbsent(entry.getKey(), entry.getValue()));
    authorizeRequests.add(Map.copyOf(params));
    String problem = authorizeProblem(params);
    if (problem != null) {
      routing.response().setStatusCode(400).putHeader("content-type", "text/plain").end(problem);
      return;
    }
    String redirect = params.get("redirect_uri");
    String state = params.get("state");
    String location;
    if (denyLogins) {
      location =
          withQuery(
              redirect,
              "error",
              "access_denied",
              "error_description",
              "The user denied the request",
              "state",
              state);
    } else {
      String code = "ac_" + random(24);
      synchronized (this) {
        codes.put(code, new AuthCode(loginAccountId, params.get("code_challenge"), redirect));
      }
      location = withQuery(redirect, "code", code, "state", state);
    }
    routing.response().setStatusCode(302).putHeader("location", location).end();
  }

  private static String authorizeProblem(Map<String, String> params) {
    if (!"code".equals(params.get("response_type"))) {
      return "invalid_request: response_type must be code";
    }
    if (!CLIENT_ID.equals(params.get("client_id"))) {
      return "invalid_client: unknown client_id";
    }
    String redirect = params.get("redirect_uri");
    if (redirect == null || !isHttpUrl(redirect)) {
      return "invalid_request: redirect_uri must be an absolute http(s) URL";
    }
    String scope = params.getOrDefault("scope", "");
    if (!List.of(scope.split(" ")).containsAll(List.of("openid", "offline_access"))) {
      return "invalid_scope: scope must include openid and offline_access";
    }
    String challenge = params.get("code_challenge");
    if (challenge == null || !challenge.matches("[A-Za-z0-9_-]{43}")) {
      return "invalid_request: code_challenge must be a base64url SHA-256 (43 characters)";
    }
    if (!"S256".equals(params.get("code_challenge_method"))) {
      return "invalid_request: code_challenge_method must be S256";
    }
    if (params.getOrDefault("state", "").isEmpty()) {
      return "invalid_request: state is required";
    }
    return null;
  }

  // --- POST /oauth/token ------------------------------------------------------------------

  private void token(RoutingContext routing) {
    Map<String, String> body = bodyOf(routing);
    if (body == null) {
      error(routing.response(), 400, "invalid_request", "body must be a form or a JSON object");
      return;
    }
    if (!CLIENT_ID.equals(body.get("client_id"))) {
      error(routing.response(), 401, "invalid_client", "unknown client_id");
      return;
    }
    String grant = body.getOrDefault("grant_type", "");
    switch (grant) {
      case "authorization_code" -> exchangeCode(routing, body);
      case "refresh_token" -> refresh(routing, body);
      default -> error(routing.response(), 400, "unsupported_grant_type", "unknown grant_type");
    }
  }

  private void exchangeCode(RoutingContext routing, Map<String, String> body) {
    String codeValue = body.getOrDefault("code", "");
    String verifier = body.getOrDefault("code_verifier", "");
    AuthCode code;
    synchronized (this) {
      code = codes.get(codeValue);
      if (code != null && code.used) {
        code = null;
      } else if (code != null) {
        // Single use even when the rest of the grant is wrong: a code is spent once presented.
        code.used = true;
      }
    }
    if (code == null) {
      error(routing.response(), 400, "invalid_grant", "unknown or already used code");
      return;
    }
    if (!code.redirectUri.equals(body.get("redirect_uri"))) {
      error(routing.response(), 400, "invalid_grant", "redirect_uri does not match");
      return;
    }
    if (verifier.isEmpty() || !s256(verifier).equals(code.challenge)) {
      error(routing.response(), 400, "invalid_grant", "code_verifier does not match");
      return;
    }
    codeExchanges.incrementAndGet();
    respondTokens(routing.response(), issue(account(code.accountId)));
  }

  private void refresh(RoutingContext routing, Map<String, String> body) {
    String token = body.getOrDefault("refresh_token", "");
    synchronized (this) {
      RefreshToken known = refreshTokens.get(token);
      if (known != null) {
        account(known.accountId).countRefreshCall();
      }
      if (holding) {
        held.add(new HeldRefresh(routing, token, Vertx.currentContext()));
        return;
      }
    }
    answerRefresh(routing, token);
  }

  private void answerRefresh(RoutingContext routing, String token) {
    HttpServerResponse response = routing.response();
    if (response.closed()) {
      abandonedRefreshes.incrementAndGet();
      return;
    }
    IssuedTokens issued;
    synchronized (this) {
      RefreshToken known = refreshTokens.get(token);
      if (known == null) {
        unknownRefreshTokens.incrementAndGet();
        issued = null;
      } else {
        FakeOAuthAccount account = account(known.accountId);
        RefreshFailure failure = account.refreshFailure();
        if (failure != null) {
          errorWithCode(response, failure.status(), failure.code(), failure.message());
          return;
        }
        if (known.used) {
          account.countReuse();
          errorWithCode(
              response,
              401,
              "refresh_token_reused",
              "Your refresh token has already been used to generate a new access token.");
          return;
        }
        known.used = true;
        account.countRotation();
        issued = issue(account);
      }
    }
    if (issued == null) {
      error(response, 400, "invalid_grant", "unknown refresh token");
      return;
    }
    respondTokens(response, issued);
  }

  // --- device code ------------------------------------------------------------------------

  private void userCode(RoutingContext routing) {
    Map<String, String> body = bodyOf(routing);
    if (body == null || !CLIENT_ID.equals(body.get("client_id"))) {
      error(routing.response(), 400, "invalid_client", "unknown client_id");
      return;
    }
    DeviceCode device;
    synchronized (this) {
      if (!deviceAuthAvailable) {
        errorWithCode(routing.response(), 404, "not_found", "device authorization unavailable");
        return;
      }
      String userCode = userCode();
      device =
          new DeviceCode(
              "deviceauth_" + random(16),
              userCode,
              options.clock().instant().plus(options.deviceCodeLifetime()));
      deviceCodes.put(device.deviceAuthId, device);
    }
    routing
        .response()
        .putHeader("content-type", "application/json")
        .end(
            new JsonObject()
                .put("device_auth_id", device.deviceAuthId)
                .put("user_code", device.userCode)
                // OpenAI sends the interval as a string.
                .put("interval", Integer.toString(options.deviceIntervalSeconds()))
                .put("expires_at", device.expiresAt.toString())
                .encode());
  }

  private void deviceToken(RoutingContext routing) {
    Map<String, String> body = bodyOf(routing);
    HttpServerResponse response = routing.response();
    if (body == null) {
      error(response, 400, "invalid_request", "body must be a JSON object");
      return;
    }
    JsonObject answer;
    synchronized (this) {
      DeviceCode device = deviceCodes.get(body.getOrDefault("device_auth_id", ""));
      if (device == null || !device.userCode.equals(body.get("user_code"))) {
        errorWithCode(response, 404, "not_found", "unknown device authorization");
        return;
      }
      device.polls++;
      if (autoApproveDevices && device.state == DeviceState.PENDING) {
        device.state = DeviceState.APPROVED;
        device.accountId = loginAccountId;
      }
      if (device.state == DeviceState.PENDING
          && !options.clock().instant().isBefore(device.expiresAt)) {
        device.state = DeviceState.EXPIRED;
      }
      switch (device.state) {
        case PENDING -> {
          if (device.slowDown) {
            device.slowDown = false;
            errorWithCode(response, 403, "slow_down", "polling too fast");
          } else {
            errorWithCode(response, 403, "authorization_pending", "the user has not approved yet");
          }
          return;
        }
        case DENIED -> {
          errorWithCode(response, 400, "access_denied", "the user denied the request");
          return;
        }
        case EXPIRED, CONSUMED -> {
          errorWithCode(response, 400, "expired_token", "the device code has expired");
          return;
        }
        case APPROVED -> {
          device.state = DeviceState.CONSUMED;
          String verifier = random(32);
          String challenge = s256(verifier);
          String code = "ac_" + random(24);
          codes.put(code, new AuthCode(device.accountId, challenge, deviceRedirectUri()));
          answer =
              new JsonObject()
                  .put("authorization_code", code)
                  .put("code_challenge", challenge)
                  .put("code_verifier", verifier);
        }
        default -> throw new IllegalStateException("device state " + device.state);
      }
    }
    response.putHeader("content-type", "application/json").end(answer.encode());
  }

  private void devicePage(RoutingContext routing) {
    routing
        .response()
        .putHeader("content-type", "text/plain")
        .end("Fake OAuth server: enter your device code here (tests approve it directly).\n");
  }

  // --- helpers ----------------------------------------------------------------------------

  private static void respondTokens(HttpServerResponse response, IssuedTokens tokens) {
    response
        .putHeader("content-type", "application/json")
        .end(
            new JsonObject()
                .put("access_token", tokens.accessToken())
                .put("refresh_token", tokens.refreshToken())
                .put("id_token", tokens.idToken())
                .put("token_type", "Bearer")
                .put("expires_in", ACCESS_TOKEN_LIFETIME.toSeconds())
                .encode());
  }

  /** {@code {"error":"x","error_description":...}}, the OAuth standard form. */
  private static void error(HttpServerResponse response, int status, String code, String text) {
    response
        .setStatusCode(status)
        .putHeader("content-type", "application/json")
        .end(new JsonObject().put("error", code).put("error_description", text).encode());
  }

  /** {@code {"error":{"code":"x","message":...}}}, the form OpenAI's own errors take. */
  private static void errorWithCode(
      HttpServerResponse response, int status, String code, String message) {
    response
        .setStatusCode(status)
        .putHeader("content-type", "application/json")
        .end(
            new JsonObject()
                .put(
                    "error",
                    new JsonObject()
                        .put("code", code)
                        .put("message", message)
                        .put("type", "invalid_request_error"))
                .encode());
  }

  /** The body as flat string fields, a form or a JSON object; null when it is neither. */
  private static Map<String, String> bodyOf(RoutingContext routing) {
    String contentType = routing.request().getHeader("content-type");
    String text = routing.body().asString();
    Map<String, String> fields = new HashMap<>();
    if (contentType != null && contentType.contains("application/x-www-form-urlencoded")) {
      if (text == null || text.isEmpty()) {
        return fields;
      }
      for (String pair : text.split("&")) {
        int eq = pair.indexOf('=');
        String key = eq < 0 ? pair : pair.substring(0, eq);
        String value = eq < 0 ? "" : pair.substring(eq + 1);
        fields.putIfAbsent(
            URLDecoder.decode(key, StandardCharsets.UTF_8),
            URLDecoder.decode(value, StandardCharsets.UTF_8));
      }
      return fields;
    }
    try {
      JsonObject json = new JsonObject(text == null ? "" : text);
      json.forEach(
          entry -> {
            if (entry.getValue() != null) {
              fields.put(entry.getKey(), String.valueOf(entry.getValue()));
            }
          });
      return fields;
    } catch (DecodeException | ClassCastException notJson) {
      return null;
    }
  }

  private static boolean isHttpUrl(String value) {
    try {
      URI uri = URI.create(value);
      return ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
          && uri.getHost() != null;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static String withQuery(String base, String... pairs) {
    StringBuilder url = new StringBuilder(base).append(base.contains("?") ? '&' : '?');
    for (int i = 0; i < pairs.length; i += 2) {
      if (i > 0) {
        url.append('&');
      }
      url.append(URLEncoder.encode(pairs[i], StandardCharsets.UTF_8))
          .append('=')
          .append(URLEncoder.encode(pairs[i + 1], StandardCharsets.UTF_8));
    }
    return url.toString();
  }

  /** base64url(SHA-256(verifier)) without padding, the PKCE S256 challenge. */
  public static String s256(String verifier) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 unavailable", e);
    }
  }

  private static String jwt(JsonObject payload) {
    Base64.Encoder encoder = Base64.getUrlEncoder().withoutPadding();
    String header = new JsonObject().put("alg", "none").put("typ", "JWT").encode();
    return encoder.encodeToString(header.getBytes(StandardCharsets.UTF_8))
        + "."
        + encoder.encodeToString(payload.encode().getBytes(StandardCharsets.UTF_8))
        + "."
        + encoder.encodeToString("unsigned".getBytes(StandardCharsets.UTF_8));
  }

  /** Eight letters and digits that cannot be confused, as {@code ABCD-2345}. */
  private static String userCode() {
    String alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    StringBuilder code = new StringBuilder();
    for (int i = 0; i < 8; i++) {
      if (i == 4) {
        code.append('-');
      }
      code.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
    }
    return code.toString();
  }

  private static String random(int bytes) {
    byte[] value = new byte[bytes];
    RANDOM.nextBytes(value);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(value);
  }

  private static final class RefreshToken {
    final String accountId;
    boolean used;

    RefreshToken(String accountId) {
      this.accountId = accountId;
    }
  }

  private static final class AuthCode {
    final String accountId;
    final String challenge;
    final String redirectUri;
    boolean used;

    AuthCode(String accountId, String challenge, String redirectUri) {
      this.accountId = accountId;
      this.challenge = challenge;
      this.redirectUri = redirectUri;
    }
  }

  private enum DeviceState {
    PENDING,
    APPROVED,
    DENIED,
    EXPIRED,
    CONSUMED
  }

  private static final class DeviceCode {
    final String deviceAuthId;
    final String userCode;
    final Instant expiresAt;
    DeviceState state = DeviceState.PENDING;
    String accountId;
    boolean slowDown;
    int polls;

    DeviceCode(String deviceAuthId, String userCode, Instant expiresAt) {
      this.deviceAuthId = deviceAuthId;
      this.userCode = userCode;
      this.expiresAt = expiresAt;
    }
  }

  private record HeldRefresh(RoutingContext routing, String token, Context context) {}
}
