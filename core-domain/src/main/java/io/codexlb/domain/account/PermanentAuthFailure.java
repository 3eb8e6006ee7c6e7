package io.codexlb.domain.account;

import static java.util.Objects.requireNonNull;

import java.util.Map;
import java.util.Optional;

/**
 * A token refresh that can never succeed again with the tokens the account has: either a new login
 * fixes it ({@link Kind#REAUTH_REQUIRED}) or the account itself is gone ({@link Kind#DEACTIVATED}).
 *
 * @param kind which state the account moves to
 * @param reason why, for the dashboard; not blank
 */
public record PermanentAuthFailure(Kind kind, String reason) {

  /** What a permanent failure means for the account. */
  public enum Kind {
    /** The tokens are dead but the account is fine: a person has to log in again. */
    REAUTH_REQUIRED,
    /** Upstream deactivated, suspended or deleted the account. */
    DEACTIVATED
  }

  // Upstream's OAuth and backend error codes that mean the refresh token is dead, and those that
  // mean the account is; the wording of the reasons is ours.
  private static final Map<String, PermanentAuthFailure> BY_ERROR_CODE =
      Map.ofEntries(
          reauth("refresh_token_expired", "Refresh token expired - log in again"),
          reauth("refresh_token_reused", "Refresh token was already used - log in again"),
          reauth("refresh_token_invalidated", "Refresh token was revoked - log in again"),
          reauth("invalid_grant", "Refresh token is no longer valid - log in again"),
          reauth("token_invalidated", "Login was invalidated - log in again"),
          reauth("token_expired", "Login expired - log in again"),
          reauth("app_session_terminated", "ChatGPT session ended - log in again"),
          reauth("account_session_expired", "ChatGPT session ended - log in again"),
          reauth("account_auth_invalidated", "Login rejected after refresh - log in again"),
          deactivated("account_deactivated", "Account has been deactivated"),
          deactivated("account_suspended", "Account has been suspended"),
          deactivated("account_deleted", "Account has been deleted"));

  public PermanentAuthFailure {
    requireNonNull(kind, "kind");
    requireNonNull(reason, "reason");
    if (reason.isBlank()) {
      throw new IllegalArgumentException("reason: blank (expected: why, for the dashboard)");
    }
  }

  /** A failure that a new login fixes. */
  public static PermanentAuthFailure reauthRequired(String reason) {
    return new PermanentAuthFailure(Kind.REAUTH_REQUIRED, reason);
  }

  /** A failure because the account itself is gone. */
  public static PermanentAuthFailure deactivated(String reason) {
    return new PermanentAuthFailure(Kind.DEACTIVATED, reason);
  }

  /**
   * The permanent failure an upstream error code means (e.g. {@code refresh_token_reused}, {@code
   * account_suspended}), or empty when the code is not a known permanent one and the failure should
   * count as transient.
   */
  public static Optional<PermanentAuthFailure> forErrorCode(String errorCode) {
    requireNonNull(errorCode, "errorCode");
    return Optional.ofNullable(BY_ERROR_CODE.get(errorCode));
  }

  /** The state an account in this failure is in. */
  AccountState state() {
    return kind == Kind.REAUTH_REQUIRED
        ? new AccountState.ReauthRequired(reason)
        : new AccountState.Deactivated(reason);
  }

  private static Map.Entry<String, PermanentAuthFailure> reauth(String code, String reason) {
    return Map.entry(code, reauthRequired(reason));
  }

  private static Map.Entry<String, PermanentAuthFailure> deactivated(String code, String reason) {
    return Map.entry(code, new PermanentAuthFailure(Kind.DEACTIVATED, reason));
  }
}
