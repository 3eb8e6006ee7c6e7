package io.codexlb.port.out;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * A dashboard session as the store keeps it. The cookie holds a random 256-bit id; the store holds
 * only its SHA-256, so a copy of the database logs nobody in.
 *
 * @param idHash the SHA-256 of the session id, lower-case hex
 * @param csrfToken the token every state-changing request of this session must carry in {@code
 *     X-CSRF-Token}; not a secret of the same kind (the page reads it), but only ever sent to the
 *     session's holder
 * @param totpVerified whether the login is complete: false while a TOTP code is still owed
 * @param createdAt when the session was made
 * @param expiresAt when it stops being valid
 * @param address the client address that logged in, for the audit log
 */
public record AdminSession(
    String idHash,
    String csrfToken,
    boolean totpVerified,
    Instant createdAt,
    Instant expiresAt,
    String address) {

  public AdminSession {
    requireNonNull(idHash, "idHash");
    requireNonNull(csrfToken, "csrfToken");
    requireNonNull(createdAt, "createdAt");
    requireNonNull(expiresAt, "expiresAt");
    requireNonNull(address, "address");
  }

  /** Whether the session is past its expiry at {@code now}. */
  public boolean expiredAt(Instant now) {
    return !now.isBefore(expiresAt);
  }

  /** This session with its TOTP step done. */
  public AdminSession verified() {
    return new AdminSession(idHash, csrfToken, true, createdAt, expiresAt, address);
  }

  @Override
  public String toString() {
    return "AdminSession[totpVerified="
        + totpVerified
        + ", createdAt="
        + createdAt
        + ", expiresAt="
        + expiresAt
        + ", address="
        + address
        + "]";
  }
}
