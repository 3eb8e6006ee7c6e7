package io.codexlb.port.out;

import static java.util.Objects.requireNonNull;

/**
 * An account's OAuth tokens, sealed by the {@link SecretCipher}: the store only ever sees these.
 *
 * @param accessToken the bearer token sent upstream
 * @param refreshToken the single-use token that gets the next access token
 * @param idToken the OpenID token the account's identity and plan come from
 */
public record AccountTokens(
    SealedSecret accessToken, SealedSecret refreshToken, SealedSecret idToken) {

  public AccountTokens {
    requireNonNull(accessToken, "accessToken");
    requireNonNull(refreshToken, "refreshToken");
    requireNonNull(idToken, "idToken");
  }
}
