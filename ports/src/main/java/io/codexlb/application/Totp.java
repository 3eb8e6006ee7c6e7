package io.codexlb.application;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static java.util.Objects.requireNonNull;

import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.OptionalLong;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Time-based one-time passwords as RFC 6238 defines them and authenticator apps use them:
 * HMAC-SHA1, 6 digits, 30-second steps; a code is accepted for its step and one step either side
 * (clocks drift). Which steps were already used is the caller's to remember.
 */
final class Totp {

  /** Seconds per step. */
  static final long STEP_SECONDS = 30;

  /** Digits per code. */
  static final int DIGITS = 6;

  /** Steps accepted either side of the current one. */
  static final int WINDOW = 1;

  /** Secret bytes: 160 bits, as RFC 4226 recommends for HMAC-SHA1. */
  static final int SECRET_BYTES = 20;

  private static final String BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

  private Totp() {}

  /** The step {@code at} falls in. */
  static long step(Instant at) {
    return Math.floorDiv(at.getEpochSecond(), STEP_SECONDS);
  }

  /** The code for {@code step} (RFC 4226's HOTP with the step as counter), zero-padded. */
  static String code(byte[] key, long step, int digits) {
    try {
      Mac mac = Mac.getInstance("HmacSHA1");
      mac.init(new SecretKeySpec(key, "HmacSHA1"));
      byte[] hash = mac.doFinal(ByteBuffer.allocate(8).putLong(step).array());
      int offset = hash[hash.length - 1] & 0x0f;
      int binary =
          ((hash[offset] & 0x7f) << 24)
              | ((hash[offset + 1] & 0xff) << 16)
              | ((hash[offset + 2] & 0xff) << 8)
              | (hash[offset + 3] & 0xff);
      int modulo = (int) Math.pow(10, digits);
      String text = Integer.toString(binary % modulo);
      return "0".repeat(digits - text.length()) + text;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA1 is part of every JDK", e);
    }
  }

  /**
   * The step within {@link #WINDOW} of {@code now} whose code is {@code code}, or empty when none
   * is (or the code is not six digits). All candidate steps are compared, in constant time.
   */
  static OptionalLong matchingStep(byte[] key, String code, Instant now) {
    requireNonNull(code, "code");
    String trimmed = code.strip();
    if (trimmed.length() != DIGITS || !trimmed.chars().allMatch(c -> c >= '0' && c <= '9')) {
      return OptionalLong.empty();
    }
    long current = step(now);
    OptionalLong match = OptionalLong.empty();
    for (long step = current - WINDOW; step <= current + WINDOW; step++) {
      if (MessageDigest.isEqual(
          code(key, step, DIGITS).getBytes(US_ASCII), trimmed.getBytes(US_ASCII))) {
        match = OptionalLong.of(step);
      }
    }
    return match;
  }

  /** A new random secret, base32 without padding (as authenticator apps expect). */
  static String newSecret(SecureRandom random) {
    byte[] bytes = new byte[SECRET_BYTES];
    random.nextBytes(bytes);
    return base32(bytes);
  }

  /** The {@code otpauth://} URI an authenticator app reads from a QR code. */
  static String otpauthUri(String secret) {
    String issuer = URLEncoder.encode("codex-lb", StandardCharsets.UTF_8);
    return "otpauth://totp/"
        + issuer
        + ":dashboard?secret="
        + secret
        + "&issuer="
        + issuer
        + "&algorithm=SHA1&digits="
        + DIGITS
        + "&period="
        + STEP_SECONDS;
  }

  /** RFC 4648 base32, upper case, no padding. */
  static String base32(byte[] bytes) {
    StringBuilder out = new StringBuilder();
    int buffer = 0;
    int bits = 0;
    for (byte b : bytes) {
      buffer = (buffer << 8) | (b & 0xff);
      bits += 8;
      while (bits >= 5) {
        out.append(BASE32.charAt((buffer >> (bits - 5)) & 31));
        bits -= 5;
      }
    }
    if (bits > 0) {
      out.append(BASE32.charAt((buffer << (5 - bits)) & 31));
    }
    return out.toString();
  }

  /** Decodes RFC 4648 base32 (case-insensitive, padding and spaces ignored). */
  static byte[] fromBase32(String text) {
    String clean = text.replace("=", "").replace(" ", "").toUpperCase(java.util.Locale.ROOT);
    ByteBuffer out = ByteBuffer.allocate(clean.length() * 5 / 8);
    int buffer = 0;
    int bits = 0;
    for (int i = 0; i < clean.length(); i++) {
      int value = BASE32.indexOf(clean.charAt(i));
      if (value < 0) {
        throw new IllegalArgumentException("not base32 (a character outside A-Z2-7)");
      }
      buffer = (buffer << 5) | value;
      bits += 5;
      if (bits >= 8) {
        out.put((byte) (buffer >> (bits - 8)));
        bits -= 8;
      }
    }
    return out.array();
  }
}
