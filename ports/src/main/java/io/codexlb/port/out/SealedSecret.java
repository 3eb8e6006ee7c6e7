package io.codexlb.port.out;

import static java.util.Objects.requireNonNull;

import java.security.MessageDigest;
import java.util.Arrays;

/**
 * A secret as the store keeps it: ciphertext made by a {@link SecretCipher}, opaque to everything
 * else. Never holds plaintext, and never prints its bytes, so a sealed secret in a log line or an
 * exception message reveals nothing.
 */
public final class SealedSecret {

  private final byte[] ciphertext;

  private SealedSecret(byte[] ciphertext) {
    this.ciphertext = ciphertext;
  }

  /** Wraps ciphertext read from the store or made by a cipher; the array is copied. */
  public static SealedSecret of(byte[] ciphertext) {
    requireNonNull(ciphertext, "ciphertext");
    if (ciphertext.length == 0) {
      throw new IllegalArgumentException("ciphertext: empty (expected: a cipher's output)");
    }
    return new SealedSecret(ciphertext.clone());
  }

  /** The ciphertext, a copy, for writing to the store. */
  public byte[] ciphertext() {
    return ciphertext.clone();
  }

  /** Byte-for-byte equality, in constant time. */
  @Override
  public boolean equals(Object other) {
    return other instanceof SealedSecret that && MessageDigest.isEqual(ciphertext, that.ciphertext);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(ciphertext);
  }

  @Override
  public String toString() {
    return "SealedSecret[" + ciphertext.length + " bytes]";
  }
}
