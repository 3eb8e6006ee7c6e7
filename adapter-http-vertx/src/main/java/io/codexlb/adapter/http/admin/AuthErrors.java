package io.codexlb.adapter.http.admin;

import io.codexlb.adapter.http.ApiError;
import io.codexlb.port.in.AdminAuthResult;
import java.time.Duration;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The admin authentication errors, one code per cause, so that a client (and the troubleshooting
 * guide's "Login Failed") can tell a wrong password from a missing TOTP code or an expired session.
 */
final class AuthErrors {

  static final ApiError ADMIN_FORBIDDEN =
      error(
          403,
          "admin_forbidden",
          "No admin password is set yet: the admin API answers clients on this machine only, or a"
              + " password setup carrying the bootstrap token printed in the server's log");
  static final ApiError AUTHENTICATION_REQUIRED =
      error(401, "authentication_required", "Log in: POST /api/dashboard-auth/password/login");
  static final ApiError SESSION_EXPIRED =
      error(401, "session_expired", "The session has expired; log in again");
  static final ApiError TOTP_REQUIRED =
      error(
          401,
          "totp_required",
          "Password accepted; a TOTP code is required: POST /api/dashboard-auth/totp/verify"
              + " {\"code\"}");
  static final ApiError CSRF_TOKEN_INVALID =
      error(
          403,
          "csrf_token_invalid",
          "A state-changing request must carry the session's X-CSRF-Token header (see GET"
              + " /api/dashboard-auth/session)");
  static final ApiError CROSS_SITE =
      error(403, "csrf_token_invalid", "Cross-site requests to the admin API are refused");

  private AuthErrors() {}

  /** The error for a refused step. */
  static ApiError of(AdminAuthResult.Refused refused) {
    return switch (refused.reason()) {
      case INVALID_CREDENTIALS -> error(401, "invalid_credentials", "The password is wrong");
      case TOTP_REQUIRED -> TOTP_REQUIRED;
      case INVALID_TOTP_CODE ->
          error(401, "invalid_totp_code", "The TOTP code is wrong, expired or already used");
      case SESSION_EXPIRED -> SESSION_EXPIRED;
      case AUTHENTICATION_REQUIRED -> AUTHENTICATION_REQUIRED;
      case TOO_MANY_ATTEMPTS -> tooManyAttempts(refused.retryAfter());
      case PASSWORD_TOO_SHORT ->
          error(400, "password_too_short", "The password must have at least 8 characters");
      case PASSWORD_TOO_LONG ->
          error(400, "password_too_long", "The password must have at most 1024 characters");
      case PASSWORD_ALREADY_SET ->
          error(
              409,
              "password_already_set",
              "A password is already set; change it with POST /api/dashboard-auth/password/change");
      case PASSWORD_NOT_SET ->
          error(
              409,
              "password_not_set",
              "No password is set yet: POST /api/dashboard-auth/password/setup");
      case BOOTSTRAP_TOKEN_INVALID ->
          error(
              403,
              "bootstrap_token_invalid",
              "The X-Bootstrap-Token is not the one printed in the server's log (or was used)");
      case TOTP_ALREADY_ENABLED ->
          error(409, "totp_already_enabled", "TOTP is already on; disable it first");
      case TOTP_NOT_ENABLED ->
          error(409, "totp_not_enabled", "There is no TOTP secret to confirm or disable");
    };
  }

  private static ApiError tooManyAttempts(@Nullable Duration retryAfter) {
    long seconds = retryAfter == null ? 60 : Math.max(1, retryAfter.toSeconds());
    return new ApiError(
        429,
        "too_many_attempts",
        ApiError.RATE_LIMIT_ERROR,
        "Too many login attempts from this address; try again in " + seconds + " s",
        Map.of("Retry-After", Long.toString(seconds)));
  }

  private static ApiError error(int status, String code, String message) {
    return new ApiError(status, code, ApiError.INVALID_REQUEST_ERROR, message);
  }
}
