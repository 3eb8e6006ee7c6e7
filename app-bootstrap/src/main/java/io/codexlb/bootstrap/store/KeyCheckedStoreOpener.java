package io.codexlb.bootstrap.store;

import static java.util.Objects.requireNonNull;

import io.codexlb.port.out.KeyFingerprintCheck;
import io.codexlb.port.out.SecretCipher;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens a store and, before anything else is written to it, claims or checks the encryption key's
 * fingerprint ({@link io.codexlb.port.out.StoreMetadataRepository}). A store whose secrets were
 * sealed with another key is closed again and refused with {@link StoreRefusedException}: the
 * server and the command line both open the store through this.
 */
public final class KeyCheckedStoreOpener implements StoreOpener {

  private static final Logger log = LoggerFactory.getLogger(KeyCheckedStoreOpener.class);

  private final StoreOpener opener;
  private final SecretCipher cipher;
  private final String keySource;

  /**
   * @param opener opens the configured store
   * @param cipher the cipher whose key the store's secrets must have been sealed with
   * @param keySource where the key came from, for messages (e.g. the key file's setting and path)
   */
  public KeyCheckedStoreOpener(StoreOpener opener, SecretCipher cipher, String keySource) {
    this.opener = requireNonNull(opener, "opener");
    this.cipher = requireNonNull(cipher, "cipher");
    this.keySource = requireNonNull(keySource, "keySource");
  }

  @Override
  public CompletionStage<Store> open() {
    CompletionStage<Store> store;
    try {
      store = opener.open();
    } catch (RuntimeException e) {
      store = CompletableFuture.failedFuture(e);
    }
    return store.thenCompose(
        open ->
            open.ports()
                .metadata()
                .claimKeyFingerprint(cipher.keyFingerprint())
                .thenCompose(
                    check -> {
                      if (check instanceof KeyFingerprintCheck.Mismatch mismatch) {
                        return open.close()
                            .handle(
                                (ignored, closeError) -> {
                                  throw new StoreRefusedException(mismatchMessage(mismatch));
                                });
                      }
                      if (check instanceof KeyFingerprintCheck.Claimed) {
                        log.info("store: recorded the encryption key's fingerprint");
                      }
                      return CompletableFuture.completedFuture(open);
                    }));
  }

  private String mismatchMessage(KeyFingerprintCheck.Mismatch mismatch) {
    return "its secrets were sealed with another encryption key (the store records "
        + mismatch.stored()
        + ", "
        + keySource
        + " has "
        + cipher.keyFingerprint()
        + "); start with the original key file";
  }
}
