package io.codexlb.bootstrap.secrets;

import static java.util.Objects.requireNonNull;

import io.codexlb.port.out.SealedSecret;
import io.codexlb.port.out.SecretCipher;
import io.codexlb.port.out.SecretCipherException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * {@link SecretCipher} with AES-256-GCM from the JDK.
 *
 * <p>Ciphertext format, version 1: one version byte {@code 0x01}, then the 12-byte (96-bit) nonce,
 * then the AES-GCM ciphertext of the UTF-8 plaintext followed by its 16-byte (128-bit) tag. The
 * nonce is fresh from {@link SecureRandom} for every seal: with random 96-bit nonces one key can
 * seal about 2^32 secrets before a repeated nonce becomes plausible, far more than a pool of
 * accounts will ever refresh. The version byte is also the additional authenticated data, so a
 * secret cannot be passed off under another format version.
 *
 * <p>The key fingerprint is {@code sha256:} and the hex of the first 16 bytes of SHA-256 over a
 * fixed domain-separation label followed by the key: one-way, so it reveals nothing of the key, and
 * the label keeps it from equalling any other hash of the same key.
 *
 * <p>Thread-safe: a {@link Cipher} is not, so each call gets its own (creating one costs
 * microseconds); {@link SecureRandom} is.
 */
public final class AesGcmSecretCipher implements SecretCipher {

  /** Key length in bytes: AES-256. */
  public static final int KEY_BYTES = 32;

  private static final byte VERSION = 1;
  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;
  private static final int MIN_LENGTH = 1 + NONCE_BYTES + TAG_BITS / 8;
  private static final String TRANSFORMATION = "AES/GCM/NoPadding";
  private static final byte[] FINGERPRINT_LABEL =
      "codex-lb secret cipher key fingerprint v1\0".getBytes(StandardCharsets.US_ASCII);
  private static final int FINGERPRINT_BYTES = 16;

  private final SecretKey key;
  private final SecureRandom random;
  private final String fingerprint;

  private AesGcmSecretCipher(SecretKey key, SecureRandom random) {
    this.key = key;
    this.random = random;
    this.fingerprint = fingerprintOf(key.getEncoded());
  }

  /**
   * A cipher under the given 32-byte key; the array is copied.
   *
   * @throws IllegalArgumentException if the key is not 32 bytes (the message shows only the length)
   */
  public static AesGcmSecretCipher withKey(byte[] key, SecureRandom random) {
    requireNonNull(key, "key");
    requireNonNull(random, "random");
    if (key.length != KEY_BYTES) {
      throw new IllegalArgumentException(
          "key: " + key.length + " bytes (expected: " + KEY_BYTES + " bytes)");
    }
    return new AesGcmSecretCipher(new SecretKeySpec(key, "AES"), random);
  }

  @Override
  public SealedSecret seal(String plaintext) {
    requireNonNull(plaintext, "plaintext");
    byte[] nonce = new byte[NONCE_BYTES];
    random.nextBytes(nonce);
    byte[] encrypted;
    try {
      Cipher cipher = Cipher.getInstance(TRANSFORMATION);
      cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
      cipher.updateAAD(new byte[] {VERSION});
      encrypted = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      // AES-GCM is mandatory in every JDK: this is a broken runtime, not a bad input.
      throw new IllegalStateException("AES-GCM is unavailable: " + e.getClass().getSimpleName(), e);
    }
    return SealedSecret.of(
        ByteBuffer.allocate(1 + NONCE_BYTES + encrypted.length)
            .put(VERSION)
            .put(nonce)
            .put(encrypted)
            .array());
  }

  @Override
  public String open(SealedSecret sealed) {
    requireNonNull(sealed, "sealed");
    byte[] bytes = sealed.ciphertext();
    if (bytes.length < MIN_LENGTH) {
      throw new SecretCipherException(
          "sealed secret: " + bytes.length + " bytes (expected: at least " + MIN_LENGTH + ")");
    }
    if (bytes[0] != VERSION) {
      throw new SecretCipherException(
          "sealed secret: format version " + bytes[0] + " (expected: " + VERSION + ")");
    }
    try {
      Cipher cipher = Cipher.getInstance(TRANSFORMATION);
      cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, bytes, 1, NONCE_BYTES));
      cipher.updateAAD(bytes, 0, 1);
      byte[] plaintext = cipher.doFinal(bytes, 1 + NONCE_BYTES, bytes.length - 1 - NONCE_BYTES);
      return new String(plaintext, StandardCharsets.UTF_8);
    } catch (AEADBadTagException e) {
      throw new SecretCipherException(
          "sealed secret does not authenticate: it was sealed under another key or altered");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is unavailable: " + e.getClass().getSimpleName(), e);
    }
  }

  @Override
  public String keyFingerprint() {
    return fingerprint;
  }

  /** Never the key. */
  @Override
  public String toString() {
    return "AesGcmSecretCipher[" + fingerprint + "]";
  }

  private static String fingerprintOf(byte[] key) {
    try {
      MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
      sha256.update(FINGERPRINT_LABEL);
      byte[] digest = sha256.digest(key);
      return "sha256:" + HexFormat.of().formatHex(digest, 0, FINGERPRINT_BYTES);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is unavailable", e);
    }
  }
}
