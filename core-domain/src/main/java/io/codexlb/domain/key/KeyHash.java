package io.codexlb.domain.key;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * The SHA-256 hash of an API key's full text, in lower-case hex, as the store keeps it (the same
 * form as upstream's {@code key_hash}). A fast hash is enough: the key has 256 random bits, so
 * there is nothing to brute-force that a slow hash would protect.
 *
 * @param hex 64 lower-case hex digits
 */
public record KeyHash(String hex) {

  private static final Pattern SHA_256_HEX = Pattern.compile("[0-9a-f]{64}");

  public KeyHash {
    requireNonNull(hex, "hex");
    if (!SHA_256_HEX.matcher(hex).matches()) {
      throw new IllegalArgumentException("hex: '" + hex + "' (expected: 64 lower-case hex digits)");
    }
  }

  /** The hash of a key's text, whatever that text is. */
  public static KeyHash of(String keyText) {
    requireNonNull(keyText, "keyText");
    return new KeyHash(HexFormat.of().formatHex(sha256().digest(keyText.getBytes(UTF_8))));
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

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      // Every Java platform must provide SHA-256 (MessageDigest's Javadoc), so this is a broken
      // JDK.
      throw new IllegalStateException("SHA-256 is missing from this JDK", e);
    }
  }
}
