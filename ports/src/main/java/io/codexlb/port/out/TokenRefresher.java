package io.codexlb.port.out;

import java.util.concurrent.CompletionStage;

/**
 * Exchanges an account's refresh token for new tokens at the OAuth token endpoint ({@code POST
 * {auth base}/oauth/token}, {@code grant_type=refresh_token}). The proxy calls it when upstream
 * answers 401 for an account, once per request and account.
 *
 * <p>Contract: the stage completes with a {@link TokenRefresh}: refusals of the OAuth server and an
 * unreachable server are values, never an exceptionally completed stage (that is kept for bugs).
 * Refresh tokens are single-use upstream, so the caller must store the new ones before anything
 * else uses the account. No token ever appears in a log or an exception message.
 */
public interface TokenRefresher {

  /**
   * Refreshes one account's tokens.
   *
   * @param refreshToken the account's current refresh token, opened
   * @return the new tokens, or why there are none
   */
  CompletionStage<TokenRefresh> refresh(String refreshToken);
}
