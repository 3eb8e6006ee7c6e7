package io.codexlb.bootstrap.proxy;

import io.codexlb.port.out.TokenRefresh;
import io.codexlb.port.out.TokenRefresher;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A token refresher that never refreshes: a 401 then moves the request to another account. Used
 * until the OAuth adapter's refresher is wired.
 */
public final class RefreshNotConfigured implements TokenRefresher {

  @Override
  public CompletionStage<TokenRefresh> refresh(String refreshToken) {
    return CompletableFuture.completedFuture(
        new TokenRefresh.FailedTransiently("token refresh is not available in this build"));
  }
}
