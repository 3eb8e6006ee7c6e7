package io.codexlb.port.in;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/** What a session cookie stands for, as {@link AdminAuthUseCase#checkSession} finds it. */
public sealed interface AdminSessionResult {

  /**
   * A valid session: complete ({@code totpVerified}) or still owing a TOTP code.
   *
   * @param idHash the SHA-256 of the session id (hex), to name the session without its id
   * @param csrfToken the token its state-changing requests must carry
   * @param expiresAt when it ends
   * @param totpVerified whether the login is complete
   */
  record Valid(String idHash, String csrfToken, Instant expiresAt, boolean totpVerified)
      implements AdminSessionResult {
    public Valid {
      requireNonNull(idHash, "idHash");
      requireNonNull(csrfToken, "csrfToken");
      requireNonNull(expiresAt, "expiresAt");
    }
  }

  /** The session existed and has expired (it is deleted now). */
  record Expired() implements AdminSessionResult {}

  /** No cookie, or one that names no session (logged out, ended by a password change). */
  record Missing() implements AdminSessionResult {}
}
