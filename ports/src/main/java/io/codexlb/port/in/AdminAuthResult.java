package io.codexlb.port.in;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/** The outcome of an {@link AdminAuthUseCase} step: done, a new session, a TOTP setup, refused. */
public sealed interface AdminAuthResult {

  /** The step was done and has nothing to hand back. */
  record Done() implements AdminAuthResult {}

  /**
   * A password login made a session. The session id goes into the cookie and is never shown again;
   * while {@code totpRequired}, the session only lets the client finish the login with a code.
   *
   * @param sessionId the session's id (256 random bits, base64url), for the cookie only
   * @param csrfToken the token state-changing requests of this session carry in {@code
   *     X-CSRF-Token}
   * @param expiresAt when the session ends
   * @param totpRequired whether a TOTP code is still owed ({@code POST .../totp/verify})
   */
  record LoggedIn(String sessionId, String csrfToken, Instant expiresAt, boolean totpRequired)
      implements AdminAuthResult {
    public LoggedIn {
      requireNonNull(sessionId, "sessionId");
      requireNonNull(csrfToken, "csrfToken");
      requireNonNull(expiresAt, "expiresAt");
    }

    @Override
    public String toString() {
      return "LoggedIn[expiresAt=" + expiresAt + ", totpRequired=" + totpRequired + "]";
    }
  }

  /**
   * A TOTP setup began: the secret to enter in an authenticator app, shown this once.
   *
   * @param secret the base32 secret
   * @param otpauthUri the {@code otpauth://totp/...} URI holding it, for a QR code
   */
  record TotpSetup(String secret, String otpauthUri) implements AdminAuthResult {
    public TotpSetup {
      requireNonNull(secret, "secret");
      requireNonNull(otpauthUri, "otpauthUri");
    }

    @Override
    public String toString() {
      return "TotpSetup[secret hidden]";
    }
  }

  /**
   * The step was refused; nothing changed.
   *
   * @param reason why
   * @param retryAfter for {@link Reason#TOO_MANY_ATTEMPTS}, when the client may try again
   */
  record Refused(Reason reason, @Nullable Duration retryAfter) implements AdminAuthResult {
    public Refused {
      requireNonNull(reason, "reason");
    }

    /** Refused for {@code reason}, with no retry time. */
    public static Refused because(Reason reason) {
      return new Refused(reason, null);
    }
  }

  /** Why a step was refused; each maps to one error code of the admin API. */
  enum Reason {
    /** The password is wrong (or the bootstrap token is). */
    INVALID_CREDENTIALS,
    /** The password was right but a TOTP code is owed first. */
    TOTP_REQUIRED,
    /** The TOTP code is wrong, too old, or was already used. */
    INVALID_TOTP_CODE,
    /** The session existed but has expired. */
    SESSION_EXPIRED,
    /** No session (or an unknown one). */
    AUTHENTICATION_REQUIRED,
    /** Too many login or TOTP attempts from this address in the last minute. */
    TOO_MANY_ATTEMPTS,
    /** A new password is shorter than the minimum. */
    PASSWORD_TOO_SHORT,
    /** A new password is longer than the maximum. */
    PASSWORD_TOO_LONG,
    /** Setup was asked for, but a password is already set. */
    PASSWORD_ALREADY_SET,
    /** A login was tried before any password was set. */
    PASSWORD_NOT_SET,
    /** A remote setup came without the right bootstrap token. */
    BOOTSTRAP_TOKEN_INVALID,
    /** A TOTP setup was started while TOTP is already on. */
    TOTP_ALREADY_ENABLED,
    /** TOTP confirm or disable while there is nothing to confirm or disable. */
    TOTP_NOT_ENABLED
  }
}
