package io.codexlb.bootstrap.secrets;

import static java.util.Objects.requireNonNull;

import io.codexlb.port.out.KeyFingerprintCheck;
import io.codexlb.port.out.SecretCipher;
import io.codexlb.port.out.StoreMetadataRepository;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * Checks, before anything is written, that the encryption key is the one the store's secrets were
 * sealed with; a store that has none yet records this key's fingerprint. Run it at every start of
 * the server and of a provisioning command.
 */
public final class StoreKeyCheck {

  private StoreKeyCheck() {}

  /**
   * Claims or compares the key's fingerprint.
   *
   * @param keyFile where the key came from, named in the refusal
   * @return empty when the key may be used; else the one line to print before refusing to start
   *     (the store is unchanged)
   */
  public static CompletionStage<Optional<String>> verify(
      StoreMetadataRepository metadata, SecretCipher cipher, Path keyFile) {
    requireNonNull(metadata, "metadata");
    requireNonNull(cipher, "cipher");
    requireNonNull(keyFile, "keyFile");
    String fingerprint = cipher.keyFingerprint();
    return metadata
        .claimKeyFingerprint(fingerprint)
        .thenApply(
            check -> {
              if (check instanceof KeyFingerprintCheck.Mismatch mismatch) {
                return Optional.of(
                    "encryption key file "
                        + keyFile
                        + " ("
                        + fingerprint
                        + ") is not the key this store's secrets were sealed with ("
                        + mismatch.stored()
                        + "); start with the original key file (CODEX_LB_ENCRYPTION_KEY_FILE)."
                        + " Nothing was changed.");
              }
              return Optional.empty();
            });
  }
}
