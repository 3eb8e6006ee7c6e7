package io.codexlb.domain.account;

import static java.util.Objects.requireNonNull;

import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Why an account is {@code deactivated}: a token refresh (or a request) failed in a way that no
 * retry fixes with the tokens the account has. The troubleshooting guide's one status covers two
 * cases this record tells apart: the login is dead but the account is fine ({@link #reloginFixes()}
 * true: refresh token expired, reused or revoked, session ended), or the account itself is gone
 * upstream (deactivated, suspended, deleted: a new login does not help).
 *
 * @param code upstream's error code, or ours for a reason that has none, lower snake case (e.g.
 *     {@code refresh_token_reused}): what the API and the command line show as the reason
 * @param reason the same for people, e.g. "Refresh token was already used - log in again"
 * @param reloginFixes whether logging in to the account again brings it back
 */
public record PermanentAuthFailure(String code, String reason, boolean reloginFixes) {

  /**
   * The code of deactivations whose cause is not known any more: rows of an older version that said
   * only {@code reauth_required} with a reason of their own.
   */
  public static final String RELOGIN_REQUIRED = "relogin_required";

  private static final Pattern CODE = Pattern.compile("[a-z][a-z0-9]*(_[a-z0-9]+)*");

  // Upstream's OAuth and backend error codes that mean the refresh token is dead (a new login
  // fixes it), and those that mean the account is; the wording of the reasons is ours.
  private static final Map<String, PermanentAuthFailure> BY_ERROR_CODE =
      Map.ofEntries(
          relogin("refresh_token_expired", "Refresh token expired - log in again"),
          relogin("refresh_token_reused", "Refresh token was already used - log in again"),
          relogin("refresh_token_invalidated", "Refresh token was revoked - log in again"),
          relogin("invalid_grant", "Refresh token is no longer valid - log in again"),
          relogin("token_invalidated", "Login was invalidated - log in again"),
          relogin("token_expired", "Login expired - log in again"),
          relogin("app_session_terminated", "ChatGPT session ended - log in again"),
          relogin("account_session_expired", "ChatGPT session ended - log in again"),
          relogin("account_auth_invalidated", "Login rejected after refresh - log in again"),
          gone("account_deactivated", "Account has been deactivated"),
          gone("account_suspended", "Account has been suspended"),
          gone("account_deleted", "Account has been deleted"));

  public PermanentAuthFailure {
    requireNonNull(code, "code");
    requireNonNull(reason, "reason");
    if (!CODE.matcher(code).matches()) {
      throw new IllegalArgumentException(
          "code: '" + code + "' (expected: lower snake case, e.g. refresh_token_reused)");
    }
    if (reason.isBlank()) {
      throw new IllegalArgumentException("reason: blank (expected: why, for the dashboard)");
    }
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

  /**
   * The failure a stored reason names: the known failure whose code or reason text it is, else one
   * with the given fallback code and the text as its reason. For rows written before reasons had
   * codes.
   *
   * @param storedReason the reason as an older version stored it
   * @param reloginFixes whether a new login fixes a reason that is not known
   */
  public static PermanentAuthFailure fromStoredReason(String storedReason, boolean reloginFixes) {
    requireNonNull(storedReason, "storedReason");
    Optional<PermanentAuthFailure> byCode = forErrorCode(storedReason);
    if (byCode.isPresent()) {
      return byCode.get();
    }
    for (PermanentAuthFailure known : BY_ERROR_CODE.values()) {
      if (known.reason.equals(storedReason) && known.reloginFixes == reloginFixes) {
        return known;
      }
    }
    String reason = storedReason.isBlank() ? "Permanent authentication failure" : storedReason;
    return reloginFixes
        ? new PermanentAuthFailure(RELOGIN_REQUIRED, reason, true)
        : new PermanentAuthFailure("account_deactivated", reason, false);
  }

  /** The state an account in this failure is in. */
  AccountState state() {
    return new AccountState.Deactivated(this);
  }

  private static Map.Entry<String, PermanentAuthFailure> relogin(String code, String reason) {
    return Map.entry(code, new PermanentAuthFailure(code, reason, true));
  }

  private static Map.Entry<String, PermanentAuthFailure> gone(String code, String reason) {
    return Map.entry(code, new PermanentAuthFailure(code, reason, false));
  }
}
