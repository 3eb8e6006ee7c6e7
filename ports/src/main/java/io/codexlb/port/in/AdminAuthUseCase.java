package io.codexlb.port.in;

import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.jspecify.annotations.Nullable;

/**
 * Admin authentication for the dashboard and the admin API: the password (set up, log in, change,
 * reset), TOTP (set up, verify, disable), sessions and the one-time bootstrap token. Each call
 * names the client's {@code address}, used for throttling and the audit trail; {@code actor} is who
 * acts ({@code "admin"}, {@code "local"}, {@code "cli"}, {@code "environment"}).
 *
 * <p>Every stage completes on a worker thread (hashing is slow on purpose), never on the caller's.
 */
public interface AdminAuthUseCase {

  /** The shortest password accepted. */
  int MIN_PASSWORD_LENGTH = 8;

  /** The longest password accepted (hashing cost stays bounded). */
  int MAX_PASSWORD_LENGTH = 1024;

  /** Whether a password is set and TOTP is on. */
  CompletionStage<AdminAuthStatusResult> status();

  /** The session {@code sessionId} (the cookie's value; null when there is none) stands for. */
  CompletionStage<AdminSessionResult> checkSession(@Nullable String sessionId);

  /**
   * Sets the first password. A loopback caller needs no token ({@code bootstrapToken} null and
   * {@code tokenRequired} false); a remote one must present the bootstrap token, which is used up.
   */
  CompletionStage<AdminAuthResult> setUpPassword(
      String password,
      @Nullable String bootstrapToken,
      boolean tokenRequired,
      String actor,
      String address);

  /** Checks the password; gives {@link AdminAuthResult.LoggedIn} or a refusal. Throttled. */
  CompletionStage<AdminAuthResult> login(String password, String address);

  /** Completes a login that owes a TOTP code. Throttled; each code is accepted once. */
  CompletionStage<AdminAuthResult> verifyTotp(String sessionId, String code, String address);

  /** Ends the session (nothing happens if it does not exist). */
  CompletionStage<AdminAuthResult> logout(String sessionId, String address);

  /** Changes the password after checking the current one; ends every session. */
  CompletionStage<AdminAuthResult> changePassword(
      String currentPassword, String newPassword, String address);

  /**
   * Sets the password whatever it was and ends every session: the command line's {@code admin
   * reset-password} and {@code CODEX_LB_ADMIN_PASSWORD}.
   */
  CompletionStage<AdminAuthResult> resetPassword(String password, String actor);

  /** Begins a TOTP setup: a new secret, shown once, confirmed by {@link #confirmTotp}. */
  CompletionStage<AdminAuthResult> startTotpSetup(String address);

  /** Turns TOTP on with the pending secret, once a code from it is right. */
  CompletionStage<AdminAuthResult> confirmTotp(String code, String address);

  /** Turns TOTP off, given a current code. */
  CompletionStage<AdminAuthResult> disableTotp(String code, String address);

  /**
   * Makes a new bootstrap token if no password is set (replacing any earlier one of this instance),
   * to be printed once in the log.
   *
   * @return the token, or empty when a password is already set
   */
  CompletionStage<Optional<String>> issueBootstrapToken();
}
