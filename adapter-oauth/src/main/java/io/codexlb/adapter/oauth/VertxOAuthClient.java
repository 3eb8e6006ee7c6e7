package io.codexlb.adapter.oauth;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.codexlb.domain.account.PlanType;
import io.codexlb.port.out.DeviceApproval;
import io.codexlb.port.out.DeviceCodeIssue;
import io.codexlb.port.out.OAuthClient;
import io.codexlb.port.out.OAuthExchange;
import io.codexlb.port.out.OAuthLogin;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link OAuthClient} over OpenAI's OAuth server, with the Codex CLI's constants: the authorize
 * URL's parameters in the reference's order, the code exchange as a form post, and the device
 * endpoints {@code /api/accounts/deviceauth/usercode} and {@code .../token}. Answers are reduced to
 * outcomes; reasons name statuses and error codes, never a body (it may echo a code).
 */
public final class VertxOAuthClient implements OAuthClient {

  /** The scopes a login asks for. */
  static final String LOGIN_SCOPE = "openid profile email offline_access";

  /** The originator the Codex desktop app sends. */
  static final String ORIGINATOR = "codex_chatgpt_desktop";

  /** How much longer to wait between polls after {@code slow_down} (RFC 8628). */
  static final Duration SLOW_DOWN_STEP = Duration.ofSeconds(5);

  private static final Logger log = LoggerFactory.getLogger(VertxOAuthClient.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Vertx vertx;
  private final HttpClient http;
  private final OAuthSettings settings;
  private final String base;
  private final Clock clock;

  private VertxOAuthClient(Vertx vertx, HttpClient http, OAuthSettings settings, Clock clock) {
    this.vertx = vertx;
    this.http = http;
    this.settings = settings;
    String url = settings.authBaseUrl().toString();
    this.base = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    this.clock = clock;
  }

  /** A client with its own small connection pool. */
  public static VertxOAuthClient create(Vertx vertx, OAuthSettings settings, Clock clock) {
    requireNonNull(vertx, "vertx");
    requireNonNull(settings, "settings");
    requireNonNull(clock, "clock");
    HttpClient http =
        vertx
            .httpClientBuilder()
            .with(
                new HttpClientOptions()
                    .setConnectTimeout((int) settings.connectTimeout().toMillis())
                    .setForceSni(true))
            .with(new PoolOptions().setHttp1MaxSize(4))
            .build();
    return new VertxOAuthClient(vertx, http, settings, clock);
  }

  /** Closes the pool. */
  public CompletionStage<Void> close() {
    return http.close().toCompletionStage();
  }

  @Override
  public String authorizeUrl(String state, String codeChallenge, String redirectUri) {
    Map<String, String> params = new LinkedHashMap<>();
    params.put("response_type", "code");
    params.put("client_id", OAuthSettings.CODEX_CLIENT_ID);
    params.put("redirect_uri", redirectUri);
    params.put("scope", LOGIN_SCOPE);
    params.put("code_challenge", codeChallenge);
    params.put("code_challenge_method", "S256");
    params.put("state", state);
    params.put("id_token_add_organizations", "true");
    params.put("codex_cli_simplified_flow", "true");
    params.put("originator", ORIGINATOR);
    return base + "/oauth/authorize?" + form(params);
  }

  @Override
  public String deviceRedirectUri() {
    return base + "/deviceauth/callback";
  }

  @Override
  public CompletionStage<OAuthExchange> exchangeCode(
      String code, String codeVerifier, String redirectUri) {
    Map<String, String> params = new LinkedHashMap<>();
    params.put("grant_type", "authorization_code");
    params.put("client_id", OAuthSettings.CODEX_CLIENT_ID);
    params.put("code", code);
    params.put("code_verifier", codeVerifier);
    params.put("redirect_uri", redirectUri);
    return post(
            base + "/oauth/token", "application/x-www-form-urlencoded", Buffer.buffer(form(params)))
        .map(answer -> exchanged(answer.status, answer.body))
        .otherwise(
            error -> new OAuthExchange.Failed("token endpoint unreachable (" + name(error) + ")"))
        .toCompletionStage();
  }

  @Override
  public CompletionStage<DeviceCodeIssue> requestDeviceCode() {
    Buffer body =
        Buffer.buffer(
            JSON.createObjectNode().put("client_id", OAuthSettings.CODEX_CLIENT_ID).toString());
    return post(base + "/api/accounts/deviceauth/usercode", "application/json", body)
        .map(answer -> issued(answer.status, answer.body))
        .otherwise(
            error ->
                new DeviceCodeIssue.Failed(
                    "device code endpoint unreachable (" + name(error) + ")"))
        .toCompletionStage();
  }

  @Override
  public CompletionStage<DeviceApproval> awaitDeviceApproval(DeviceCodeIssue.Issued device) {
    requireNonNull(device, "device");
    Promise<DeviceApproval> outcome = Promise.promise();
    schedulePoll(device, device.interval(), outcome);
    return outcome.future().toCompletionStage();
  }

  private void schedulePoll(
      DeviceCodeIssue.Issued device, Duration interval, Promise<DeviceApproval> outcome) {
    if (!clock.instant().isBefore(device.expiresAt())) {
      outcome.complete(new DeviceApproval.Expired());
      return;
    }
    vertx.setTimer(Math.max(1, interval.toMillis()), id -> poll(device, interval, outcome));
  }

  private void poll(
      DeviceCodeIssue.Issued device, Duration interval, Promise<DeviceApproval> outcome) {
    Buffer body =
        Buffer.buffer(
            JSON.createObjectNode()
                .put("device_auth_id", device.deviceAuthId())
                .put("user_code", device.userCode())
                .toString());
    post(base + "/api/accounts/deviceauth/token", "application/json", body)
        .onComplete(
            result -> {
              if (result.failed()) {
                // Unreachable for a moment: keep polling until the code expires.
                log.debug("device code poll: {}", name(result.cause()));
                schedulePoll(device, interval, outcome);
                return;
              }
              Answer answer = result.result();
              Optional<JsonNode> json = object(answer.body);
              if (answer.status == 200 && json.isPresent()) {
                Optional<String> code = IdTokens.text(json.get(), "authorization_code");
                Optional<String> verifier = IdTokens.text(json.get(), "code_verifier");
                if (code.isPresent() && verifier.isPresent()) {
                  outcome.complete(new DeviceApproval.Approved(code.get(), verifier.get()));
                } else {
                  outcome.complete(
                      new DeviceApproval.Failed("device token endpoint answered without a code"));
                }
                return;
              }
              String error = json.flatMap(VertxOAuthClient::errorCode).orElse("");
              switch (error) {
                case "slow_down" -> schedulePoll(device, interval.plus(SLOW_DOWN_STEP), outcome);
                case "access_denied", "authorization_declined" ->
                    outcome.complete(new DeviceApproval.Denied());
                case "expired_token", "deviceauth_expired" ->
                    outcome.complete(new DeviceApproval.Expired());
                default -> {
                  if (answer.status == 403
                      || answer.status == 404
                      || answer.status >= 500
                      || answer.status == 429
                      || error.equals("authorization_pending")) {
                    schedulePoll(device, interval, outcome);
                  } else {
                    outcome.complete(
                        new DeviceApproval.Failed(
                            "device token endpoint answered HTTP " + answer.status));
                  }
                }
              }
            });
  }

  private static OAuthExchange exchanged(int status, Buffer body) {
    Optional<JsonNode> json = object(body);
    if (status != 200 || json.isEmpty()) {
      String code = json.flatMap(VertxOAuthClient::errorCode).orElse("no error code");
      return new OAuthExchange.Failed(
          "token endpoint answered HTTP " + status + " (" + printable(code) + ")");
    }
    JsonNode tokens = json.get();
    Optional<String> access = IdTokens.text(tokens, "access_token");
    Optional<String> refresh = IdTokens.text(tokens, "refresh_token");
    Optional<String> idToken = IdTokens.text(tokens, "id_token");
    if (access.isEmpty() || refresh.isEmpty() || idToken.isEmpty()) {
      return new OAuthExchange.Failed("token endpoint answered without all three tokens");
    }
    IdTokenClaims claims;
    try {
      claims = IdTokens.claims(idToken.get());
    } catch (AuthFileRejection e) {
      return new OAuthExchange.Failed(e.getMessage());
    }
    if (claims.chatgptAccountId().isEmpty()) {
      return new OAuthExchange.Failed("id_token: no chatgpt_account_id claim");
    }
    // A plan this build does not know yet must not lose a login: it counts as the smallest one.
    PlanType plan = claims.chatgptPlanType().flatMap(PlanType::fromWireName).orElse(PlanType.FREE);
    return new OAuthExchange.Exchanged(
        new OAuthLogin(
            claims.chatgptAccountId().get(),
            claims.email(),
            plan,
            access.get(),
            refresh.get(),
            idToken.get()));
  }

  private DeviceCodeIssue issued(int status, Buffer body) {
    if (status == 404) {
      return new DeviceCodeIssue.Unavailable();
    }
    Optional<JsonNode> json = object(body);
    if (status != 200 || json.isEmpty()) {
      return new DeviceCodeIssue.Failed("device code endpoint answered HTTP " + status);
    }
    JsonNode node = json.get();
    Optional<String> id = IdTokens.text(node, "device_auth_id");
    Optional<String> userCode =
        IdTokens.text(node, "user_code").or(() -> IdTokens.text(node, "usercode"));
    if (id.isEmpty() || userCode.isEmpty()) {
      return new DeviceCodeIssue.Failed("device code endpoint answered without a code");
    }
    Instant now = clock.instant();
    return new DeviceCodeIssue.Issued(
        id.get(),
        userCode.get(),
        base + "/codex/device",
        Duration.ofSeconds(Math.max(1, seconds(node.path("interval"), 5))),
        expiresAt(node, now));
  }

  /** {@code expires_at} (ISO-8601), else {@code expires_in} seconds, else 15 minutes. */
  private static Instant expiresAt(JsonNode node, Instant now) {
    Optional<String> at = IdTokens.text(node, "expires_at");
    if (at.isPresent()) {
      try {
        return Instant.parse(at.get());
      } catch (DateTimeParseException notIso) {
        // Fall through to expires_in.
      }
    }
    return now.plusSeconds(seconds(node.path("expires_in"), 900));
  }

  /** A whole number sent as a number or as a string (OpenAI sends the interval as a string). */
  private static long seconds(JsonNode value, long fallback) {
    if (value.isNumber()) {
      return value.asLong();
    }
    if (value.isTextual()) {
      try {
        return Long.parseLong(value.asText().strip());
      } catch (NumberFormatException notANumber) {
        return fallback;
      }
    }
    return fallback;
  }

  private record Answer(int status, Buffer body) {}

  private Future<Answer> post(String url, String contentType, Buffer body) {
    RequestOptions options =
        new RequestOptions()
            .setMethod(HttpMethod.POST)
            .setAbsoluteURI(url)
            .setIdleTimeout(settings.requestTimeout().toMillis())
            .putHeader(HttpHeaders.CONTENT_TYPE, contentType)
            .putHeader(HttpHeaders.ACCEPT, "application/json");
    return http.request(options)
        .compose(request -> request.send(body))
        .compose(
            response -> response.body().map(bytes -> new Answer(response.statusCode(), bytes)));
  }

  private static Optional<JsonNode> object(Buffer body) {
    try {
      JsonNode node = JSON.readTree(body.getBytes());
      return node != null && node.isObject() ? Optional.of(node) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** The code of {@code {"error":"x"}} or {@code {"error":{"code":"x"}}}. */
  private static Optional<String> errorCode(JsonNode body) {
    JsonNode error = body.path("error");
    return error.isObject() ? IdTokens.text(error, "code") : IdTokens.text(body, "error");
  }

  private static String printable(String code) {
    return code.matches("[a-z_ ]{1,64}") ? code : "an unprintable code";
  }

  private static String name(Throwable error) {
    return error.getClass().getSimpleName();
  }

  /** {@code k=v&...}, encoded as Python's {@code quote} does (a space is %20). */
  private static String form(Map<String, String> params) {
    StringBuilder out = new StringBuilder();
    params.forEach(
        (key, value) -> {
          if (out.length() > 0) {
            out.append('&');
          }
          out.append(encode(key)).append('=').append(encode(value));
        });
    return out.toString();
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
