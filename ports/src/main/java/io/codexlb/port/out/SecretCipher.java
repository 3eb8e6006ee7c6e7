package io.codexlb.port.out;

/**
 * Encrypts the secrets the store keeps (OAuth access, refresh and id tokens; later the TOTP secret)
 * so that the database and its files never contain them in plain text.
 *
 * <p>Contract: {@link #open(SealedSecret)} of {@link #seal(String)} gives back the plaintext;
 * sealing the same plaintext twice gives different ciphertexts (a fresh nonce each time), and
 * neither contains the plaintext. Opening a secret sealed under another key, or one altered in any
 * byte, throws {@link SecretCipherException} rather than returning wrong text. Both methods are
 * fast (microseconds) and safe on an event loop and from any number of threads.
 */
public interface SecretCipher {

  /** Encrypts {@code plaintext}. */
  SealedSecret seal(String plaintext);

  /**
   * Decrypts a secret this cipher's key sealed.
   *
   * @throws SecretCipherException if the key is not the one that sealed it, or it was altered
   */
  String open(SealedSecret sealed);

  /**
   * A stable, non-secret fingerprint of the key, the same on every instance that has the same key;
   * the store records it so that a start with a different key is refused before it writes anything
   * (see {@link StoreMetadataRepository}). It must not reveal the key.
   */
  String keyFingerprint();
}
