package io.codexlb.domain.key;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The SHA-256 hash of an API key's full text, in lower-case hex, as the store keeps it (the same
 * form as upstream's {@code key_hash}). A fast hash is enough: the key has 256 random bits, so
 * there is nothing to brute-force that a slow hash would protect.
 *
 * @param hex 64 lower-case hex digits
 */
public record KeyHash(String hex) {

  /**
   * A SHA-256 digest, never used itself: each hash is computed on a clone of it, which skips the
   * provider lookup of {@link MessageDigest#getInstance} that every key check paid.
   */
  private static final MessageDigest PROTOTYPE = newSha256();

  private static final HexFormat HEX = HexFormat.of();

  public KeyHash {
    requireNonNull(hex, "hex");
    if (!isSha256Hex(hex)) {
      throw new IllegalArgumentException("hex: '" + hex + "' (expected: 64 lower-case hex digits)");
    }
  }

  /** The hash of a key's text, whatever that text is. */
  public static KeyHash of(String keyText) {
    requireNonNull(keyText, "keyText");
    return new KeyHash(HEX.formatHex(sha256().digest(keyText.getBytes(UTF_8))));
  }

  /**
   * Whether both hashes are the same, in time that does not depend on where they differ, so that
   * timing the comparison reveals nothing about a stored hash.
   */
  public boolean matches(KeyHash other) {
    requireNonNull(other, "other");
    return constantTimeEquals(hex, other.hex);
  }

  static boolean constantTimeEquals(String a, String b) {
    return MessageDigest.isEqual(a.getBytes(UTF_8), b.getBytes(UTF_8));
  }

  /** 64 lower-case hex digits (checked without a regular expression: it runs per key check). */
  private static boolean isSha256Hex(String hex) {
    if (hex.length() != 64) {
      return false;
    }
    for (int i = 0; i < 64; i++) {
      char c = hex.charAt(i);
      if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
        return false;
      }
    }
    return true;
  }

  private static MessageDigest sha256() {
    try {
      return (MessageDigest) PROTOTYPE.clone();
    } catch (CloneNotSupportedException notCloneable) {
      // The JDK's SHA-256 is cloneable; a provider whose digest is not gets a fresh one per hash.
      return newSha256();
    }
  }

  private static MessageDigest newSha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      // Every Java platform must provide SHA-256 (MessageDigest's Javadoc), so this is a broken
      // JDK.
      throw new IllegalStateException("SHA-256 is missing from this JDK", e);
    }
  }
}
