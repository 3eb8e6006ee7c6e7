package io.codexlb.testkit.oauth;

/**
 * How the fake OAuth server refuses a refresh of one account, as OpenAI's token endpoint does.
 * Permanent failures answer 401 with {@code {"error":{"code":...,"message":...}}}; {@link
 * #UNAVAILABLE} is a transient 503.
 */
public enum RefreshFailure {
  /** The refresh token has expired: 401 {@code refresh_token_expired}. */
  EXPIRED(401, "refresh_token_expired", "Your refresh token has expired. Please sign in again."),
  /** The login was revoked: 401 {@code refresh_token_invalidated}. */
  REVOKED(401, "refresh_token_invalidated", "Your refresh token has been invalidated."),
  /** The ChatGPT account was deactivated: 401 {@code account_deactivated}. */
  DEACTIVATED(401, "account_deactivated", "This account has been deactivated."),
  /** The server is down for a moment: 503 {@code server_error}; nothing rotates. */
  UNAVAILABLE(503, "server_error", "The server is temporarily unavailable.");

  private final int status;
  private final String code;
  private final String message;

  RefreshFailure(int status, String code, String message) {
    this.status = status;
    this.code = code;
    this.message = message;
  }

  /** The HTTP status of the answer. */
  public int status() {
    return status;
  }

  /** The error code in the answer's {@code error.code}. */
  public String code() {
    return code;
  }

  String message() {
    return message;
  }
}
