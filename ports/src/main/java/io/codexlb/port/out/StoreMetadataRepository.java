package io.codexlb.port.out;

import java.util.concurrent.CompletionStage;

/**
 * Facts about the store itself, checked at start before anything else is written.
 *
 * <p>Contract: {@link #claimKeyFingerprint} is atomic: of two instances claiming different
 * fingerprints on an empty store, one gets {@link KeyFingerprintCheck.Claimed} and the other {@link
 * KeyFingerprintCheck.Mismatch}. A mismatch changes nothing.
 */
public interface StoreMetadataRepository {

  /**
   * Records the encryption key's fingerprint if the store has none, else compares it with the one
   * recorded.
   */
  CompletionStage<KeyFingerprintCheck> claimKeyFingerprint(String fingerprint);
}
