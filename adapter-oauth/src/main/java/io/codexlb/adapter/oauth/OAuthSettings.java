package io.codexlb.adapter.oauth;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.time.Duration;

/**
 * How codex-lb reaches OpenAI's OAuth server.
 *
 * @param authBaseUrl the server's base, such as {@value #DEFAULT_AUTH_BASE_URL} (setting {@code
 *     CODEX_LB_AUTH_BASE_URL}); the token endpoint is {@code {authBaseUrl}/oauth/token}
 * @param connectTimeout how long opening a connection may take; positive
 * @param requestTimeout how long a caller waits for a token exchange, connecting included, before
 *     it is told to try later; positive. The exchange itself goes on until its connection has been
 *     silent for three times as long, so that tokens upstream rotated late are not lost.
 * @param lateCallerWindow how long after a successful refresh a caller that still presents the old
 *     refresh token is handed the same new tokens; zero turns this off. Requests that got 401 at
 *     the same moment refresh one after another, and the later ones may still hold the old token,
 *     which upstream would refuse as {@code refresh_token_reused} and so mark a healthy account as
 *     needing a new login.
 */
public record OAuthSettings(
    URI authBaseUrl, Duration connectTimeout, Duration requestTimeout, Duration lateCallerWindow) {

  /** OpenAI's OAuth server. */
  public static final String DEFAULT_AUTH_BASE_URL = "https://auth.openai.com";

  /** The OAuth client id of the Codex CLI, which the refresh tokens were issued to. */
  public static final String CODEX_CLIENT_ID = "app_EMoamEEZ73f0CkXaXp7hrann";

  public OAuthSettings {
    requireNonNull(authBaseUrl, "authBaseUrl");
    requireNonNull(connectTimeout, "connectTimeout");
    requireNonNull(requestTimeout, "requestTimeout");
    requireNonNull(lateCallerWindow, "lateCallerWindow");
    String scheme = authBaseUrl.getScheme();
    if (!("http".equals(scheme) || "https".equals(scheme))
        || authBaseUrl.getHost() == null
        || authBaseUrl.getRawQuery() != null
        || authBaseUrl.getRawFragment() != null) {
      throw new IllegalArgumentException(
          "authBaseUrl: "
              + authBaseUrl
              + " (expected: an absolute http or https URL without query or fragment)");
    }
    requirePositive("connectTimeout", connectTimeout);
    requirePositive("requestTimeout", requestTimeout);
    if (lateCallerWindow.isNegative()) {
      throw new IllegalArgumentException(
          "lateCallerWindow: " + lateCallerWindow + " (expected: >= 0)");
    }
  }

  /**
   * The defaults: OpenAI's server, 10 s to connect, 30 s per exchange, new tokens handed to late
   * callers for 60 s.
   */
  public static OAuthSettings defaults() {
    return new OAuthSettings(
        URI.create(DEFAULT_AUTH_BASE_URL),
        Duration.ofSeconds(10),
        Duration.ofSeconds(30),
        Duration.ofSeconds(60));
  }

  /** These settings with another base URL. */
  public OAuthSettings withAuthBaseUrl(URI authBaseUrl) {
    return new OAuthSettings(authBaseUrl, connectTimeout, requestTimeout, lateCallerWindow);
  }

  /** {@code {authBaseUrl}/oauth/token}. */
  String tokenUrl() {
    String base = authBaseUrl.toString();
    return (base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + "/oauth/token";
  }

  private static void requirePositive(String name, Duration value) {
    if (value.isZero() || value.isNegative()) {
      throw new IllegalArgumentException(name + ": " + value + " (expected: > 0)");
    }
  }
}
