package io.codexlb.port.out;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A test {@link TokenRefresher}: answers with the outcomes queued, then with new tokens named after
 * the refresh token ({@code access-after-<refresh token>} and so on). Records each refresh token.
 */
public final class FakeTokenRefresher implements TokenRefresher {

  private final Deque<TokenRefresh> queued = new ArrayDeque<>();
  private final List<String> refreshed = new ArrayList<>();

  @Override
  public synchronized CompletionStage<TokenRefresh> refresh(String refreshToken) {
    refreshed.add(refreshToken);
    TokenRefresh outcome =
        queued.isEmpty()
            ? new TokenRefresh.Refreshed(
                "access-after-" + refreshToken,
                "refresh-after-" + refreshToken,
                "id-after-" + refreshToken)
            : queued.poll();
    return CompletableFuture.completedFuture(outcome);
  }

  /** Queues the next outcome. */
  public synchronized FakeTokenRefresher then(TokenRefresh outcome) {
    queued.add(outcome);
    return this;
  }

  /** The refresh tokens refreshed, in order. */
  public synchronized List<String> refreshed() {
    return List.copyOf(refreshed);
  }
}
