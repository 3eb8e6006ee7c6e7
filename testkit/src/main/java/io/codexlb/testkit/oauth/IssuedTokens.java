package io.codexlb.testkit.oauth;

/**
 * One token set the fake OAuth server issued, as its token endpoint returns it.
 *
 * @param accessToken {@code access_token}, an unsigned JWT
 * @param refreshToken {@code refresh_token}, single-use: refreshing with it rotates it
 * @param idToken {@code id_token}, an unsigned JWT with the account's claims
 */
public record IssuedTokens(String accessToken, String refreshToken, String idToken) {

  /** Never prints the tokens, so a failed assertion does not spread them. */
  @Override
  public String toString() {
    return "IssuedTokens[...]";
  }
}
