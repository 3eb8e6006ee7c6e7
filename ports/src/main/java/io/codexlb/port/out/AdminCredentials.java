package io.codexlb.port.out;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * The dashboard administrator's credentials as the store keeps them: never a password, only its
 * hash, and the TOTP secret only sealed by the {@link SecretCipher}.
 *
 * @param passwordHash the password's hash in the {@link PasswordHasher}'s encoding
 * @param totpSecret the sealed TOTP secret while TOTP is on, else {@code null}
 * @param pendingTotpSecret a sealed secret handed out by a TOTP setup that is not yet confirmed
 * @param totpLastStep the last 30-second step whose code was accepted (replay protection), 0 when
 *     none
 * @param passwordSetAt when the password was last set
 */
public record AdminCredentials(
    String passwordHash,
    @Nullable SealedSecret totpSecret,
    @Nullable SealedSecret pendingTotpSecret,
    long totpLastStep,
    Instant passwordSetAt) {

  public AdminCredentials {
    requireNonNull(passwordHash, "passwordHash");
    requireNonNull(passwordSetAt, "passwordSetAt");
  }

  /** Whether a login needs a TOTP code besides the password. */
  public boolean totpEnabled() {
    return totpSecret != null;
  }

  // The hash is not the password, but it is still never printed.
  @Override
  public String toString() {
    return "AdminCredentials[totpEnabled="
        + totpEnabled()
        + ", totpLastStep="
        + totpLastStep
        + ", passwordSetAt="
        + passwordSetAt
        + "]";
  }
}
