package io.codexlb.port.out;

import static java.util.Objects.requireNonNull;
import static java.util.concurrent.CompletableFuture.completedFuture;

import java.util.concurrent.CompletionStage;

/** In-memory {@link StoreMetadataRepository}. Thread-safe. */
public final class InMemoryStoreMetadataRepository implements StoreMetadataRepository {

  private String fingerprint;

  @Override
  public synchronized CompletionStage<KeyFingerprintCheck> claimKeyFingerprint(String candidate) {
    requireNonNull(candidate, "fingerprint");
    if (fingerprint == null) {
      fingerprint = candidate;
      return completedFuture(new KeyFingerprintCheck.Claimed());
    }
    return completedFuture(
        fingerprint.equals(candidate)
            ? new KeyFingerprintCheck.Matches()
            : new KeyFingerprintCheck.Mismatch(fingerprint));
  }
}
