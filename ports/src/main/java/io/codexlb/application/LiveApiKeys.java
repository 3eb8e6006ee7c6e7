package io.codexlb.application;

import io.codexlb.domain.key.ApiKeyId;
import io.codexlb.domain.limit.KeyLimit;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The proxy's in-memory copy of the API keys, as an admin change must see it: the limits as they
 * are enforced (reservations of requests in flight included), a usage reset applied to the ledger
 * at once, and a way to wait until a stored change is in the copy. A process that does not serve
 * requests (the command line) has none: {@link #NONE}.
 */
public interface LiveApiKeys {

  /** No proxy in this process: nothing is enforced here, nothing to wait for. */
  LiveApiKeys NONE =
      new LiveApiKeys() {
        @Override
        public Optional<List<KeyLimit>> limits(ApiKeyId id, Instant now) {
          return Optional.empty();
        }

        @Override
        public void resetUsage(ApiKeyId id, Instant now) {}

        @Override
        public CompletionStage<Void> reloaded() {
          return CompletableFuture.completedFuture(null);
        }
      };

  /**
   * The key's limits as the proxy enforces them now; empty when the proxy does not know the key.
   */
  Optional<List<KeyLimit>> limits(ApiKeyId id, Instant now);

  /**
   * Sets the in-memory counts of the key to zero now. The store's reset alone would not do it: the
   * ledger never adopts a lower count of the same window from the store.
   */
  void resetUsage(ApiKeyId id, Instant now);

  /** Completes once the copy has reloaded from the store after this call. */
  CompletionStage<Void> reloaded();
}
