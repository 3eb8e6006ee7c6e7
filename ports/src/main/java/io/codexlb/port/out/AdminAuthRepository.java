package io.codexlb.port.out;

import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.jspecify.annotations.Nullable;

/**
 * The dashboard administrator's credentials (one row) and sessions. Shared by every instance on the
 * same store: a session made on one is valid on the others, and ending sessions ends them
 * everywhere.
 *
 * <p>Contract: a stage completes once the change is durable. {@link #setUpPassword} sets the
 * password only while none is set, atomically, so of two concurrent setups exactly one wins. {@link
 * #replacePassword} sets it whether or not one is set and, in the same transaction, deletes every
 * session. {@link #acceptTotpStep} is an atomic compare-and-set: a step is accepted only when it is
 * greater than the last accepted one, so a code is accepted once even across instances. Sessions
 * are found by the hash of their id only; an expired session is still returned (the caller tells
 * "expired" from "unknown") until {@link #deleteExpiredSessions} removes it.
 */
public interface AdminAuthRepository {

  /** The credentials, empty while no password was ever set. */
  CompletionStage<Optional<AdminCredentials>> credentials();

  /**
   * Sets the first password.
   *
   * @return true if it was set, false if a password was already set (nothing changed)
   */
  CompletionStage<Boolean> setUpPassword(String passwordHash, Instant at);

  /**
   * Sets the password (first or not) and deletes every session; TOTP settings are kept. For a
   * password change, a reset from the command line and {@code CODEX_LB_ADMIN_PASSWORD}.
   */
  CompletionStage<Void> replacePassword(String passwordHash, Instant at);

  /**
   * Sets the TOTP secrets: {@code secret} on (or off when null) and the pending one. Resets the
   * last accepted step to {@code lastStep}. Does nothing while no password is set.
   */
  CompletionStage<Void> setTotp(
      @Nullable SealedSecret secret, @Nullable SealedSecret pending, long lastStep);

  /**
   * Records {@code step} as the last accepted TOTP step if it is greater than the stored one.
   *
   * @return true if recorded (the code may be accepted), false if that step or a later one was
   *     already used
   */
  CompletionStage<Boolean> acceptTotpStep(long step);

  /** Stores a new session. */
  CompletionStage<Void> createSession(AdminSession session);

  /** The session whose id hashes to {@code idHash}, expired or not. */
  CompletionStage<Optional<AdminSession>> session(String idHash);

  /** Marks the session's TOTP step done; false if no such session. */
  CompletionStage<Boolean> markSessionVerified(String idHash);

  /** Deletes one session; nothing happens if it does not exist. */
  CompletionStage<Void> deleteSession(String idHash);

  /** Deletes every session (password reset, change). */
  CompletionStage<Void> deleteAllSessions();

  /**
   * Deletes the sessions that expired at or before {@code now}.
   *
   * @return how many were deleted
   */
  CompletionStage<Integer> deleteExpiredSessions(Instant now);
}
