package io.codexlb.port.out;

import static java.util.Objects.requireNonNull;

/** The outcome of {@link StoreMetadataRepository#claimKeyFingerprint}. */
public sealed interface KeyFingerprintCheck {

  /** The store had no fingerprint; it now records this one. */
  record Claimed() implements KeyFingerprintCheck {}

  /** The store's fingerprint is this one: the key is the one its secrets were sealed with. */
  record Matches() implements KeyFingerprintCheck {}

  /**
   * The store's secrets were sealed with another key; nothing was changed.
   *
   * @param stored the fingerprint the store records
   */
  record Mismatch(String stored) implements KeyFingerprintCheck {
    public Mismatch {
      requireNonNull(stored, "stored");
    }
  }
}
