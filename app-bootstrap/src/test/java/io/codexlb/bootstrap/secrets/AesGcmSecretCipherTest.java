package io.codexlb.bootstrap.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.codexlb.port.out.SealedSecret;
import io.codexlb.port.out.SecretCipher;
import io.codexlb.port.out.SecretCipherContract;
import io.codexlb.port.out.SecretCipherException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** The port's contract, and what this cipher adds: its format, tamper detection, threads. */
class AesGcmSecretCipherTest extends SecretCipherContract {

  private static final String TOKEN = "eyJhbGciOiJSUzI1NiJ9.access-token-text.signature";

  private final byte[] key = keyOf(1);
  private final AesGcmSecretCipher cipher = AesGcmSecretCipher.withKey(key, new SecureRandom());

  @Override
  protected SecretCipher cipher() {
    return AesGcmSecretCipher.withKey(keyOf(1), new SecureRandom());
  }

  @Override
  protected SecretCipher cipherWithAnotherKey() {
    return AesGcmSecretCipher.withKey(keyOf(2), new SecureRandom());
  }

  @Test
  void ciphertextHasTheDocumentedLayoutAndNoPlaintextInAnyEncoding() {
    byte[] ciphertext = cipher.seal(TOKEN).ciphertext();

    assertThat(ciphertext[0]).isEqualTo((byte) 1);
    assertThat(ciphertext).hasSize(1 + 12 + TOKEN.length() + 16);
    assertThat(HexFormat.of().formatHex(ciphertext))
        .doesNotContain(HexFormat.of().formatHex("access-token".getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void alteringAnyByteIsRefused() {
    byte[] ciphertext = cipher.seal(TOKEN).ciphertext();

    for (int i = 0; i < ciphertext.length; i++) {
      byte[] altered = ciphertext.clone();
      altered[i] ^= 0x01;
      SealedSecret tampered = SealedSecret.of(altered);
      assertThatThrownBy(() -> cipher.open(tampered))
          .as("byte %d altered", i)
          .isInstanceOf(SecretCipherException.class)
          .message()
          .doesNotContain(TOKEN);
    }
  }

  @Test
  void truncatedCiphertextIsRefused() {
    byte[] ciphertext = cipher.seal(TOKEN).ciphertext();

    assertThatThrownBy(() -> cipher.open(SealedSecret.of(Arrays.copyOf(ciphertext, 20))))
        .isInstanceOf(SecretCipherException.class);
    assertThatThrownBy(
            () -> cipher.open(SealedSecret.of(Arrays.copyOf(ciphertext, ciphertext.length - 1))))
        .isInstanceOf(SecretCipherException.class);
  }

  @Test
  void fingerprintIsAShortHashThatRevealsNothing() {
    String fingerprint = cipher.keyFingerprint();

    assertThat(fingerprint).matches("sha256:[0-9a-f]{32}");
    assertThat(fingerprint).doesNotContain(HexFormat.of().formatHex(key).substring(0, 8));
    assertThat(cipher.toString())
        .contains(fingerprint)
        .doesNotContain(HexFormat.of().formatHex(key));
  }

  @Test
  void aKeyOfTheWrongLengthIsRefused() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> AesGcmSecretCipher.withKey(new byte[16], new SecureRandom()))
        .withMessage("key: 16 bytes (expected: 32 bytes)");
  }

  @Test
  void manyThreadsCanSealAndOpenAtOnce() throws Exception {
    Thread[] threads = new Thread[8];
    boolean[] ok = new boolean[threads.length];
    for (int t = 0; t < threads.length; t++) {
      int index = t;
      threads[t] =
          new Thread(
              () -> {
                boolean allRoundTripped = true;
                for (int i = 0; i < 200; i++) {
                  String secret = TOKEN + index + ":" + i;
                  allRoundTripped &= cipher.open(cipher.seal(secret)).equals(secret);
                }
                ok[index] = allRoundTripped;
              });
      threads[t].start();
    }
    for (Thread thread : threads) {
      thread.join();
    }
    assertThat(ok).containsOnly(true);
  }

  private static byte[] keyOf(int seed) {
    byte[] bytes = new byte[32];
    Arrays.fill(bytes, (byte) seed);
    bytes[31] = (byte) (seed * 7);
    return bytes;
  }
}
