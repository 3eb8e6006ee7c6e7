package io.codexlb.port.out;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A test {@link SecretCipher}: not encryption, but it keeps the contract's visible properties, so
 * tests over fakes see sealed bytes that never contain the plaintext, and two seals that differ.
 * Each byte is inverted, a counter prefix makes every seal unique, and a first byte derived from
 * the fingerprint stands for the key. Never use outside tests.
 */
public final class ReversingSecretCipher implements SecretCipher {

  private final AtomicLong seals = new AtomicLong();
  private final String fingerprint;
  // Stands for the key: a secret sealed under another fingerprint does not open.
  private final byte mark;

  public ReversingSecretCipher(String fingerprint) {
    this.fingerprint = requireNonNull(fingerprint, "fingerprint");
    this.mark = (byte) fingerprint.hashCode();
  }

  public ReversingSecretCipher() {
    this("test-key");
  }

  @Override
  public SealedSecret seal(String plaintext) {
    byte[] text = requireNonNull(plaintext, "plaintext").getBytes(StandardCharsets.UTF_8);
    byte[] sealed = new byte[text.length + 9];
    sealed[0] = mark;
    long serial = seals.incrementAndGet();
    for (int i = 0; i < 8; i++) {
      sealed[1 + i] = (byte) (serial >>> (8 * i));
    }
    for (int i = 0; i < text.length; i++) {
      sealed[9 + i] = (byte) ~text[i];
    }
    return SealedSecret.of(sealed);
  }

  @Override
  public String open(SealedSecret secret) {
    byte[] sealed = secret.ciphertext();
    if (sealed.length < 9 || sealed[0] != mark) {
      throw new SecretCipherException("not sealed by this test cipher");
    }
    byte[] text = new byte[sealed.length - 9];
    for (int i = 0; i < text.length; i++) {
      text[i] = (byte) ~sealed[9 + i];
    }
    return new String(text, StandardCharsets.UTF_8);
  }

  @Override
  public String keyFingerprint() {
    return fingerprint;
  }
}
