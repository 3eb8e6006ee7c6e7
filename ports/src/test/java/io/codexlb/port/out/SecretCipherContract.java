package io.codexlb.port.out;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@link SecretCipher}. An adapter's test extends this class and supplies two
 * ciphers with different keys.
 */
public abstract class SecretCipherContract {

  private static final String TOKEN = "eyJhbGciOiJSUzI1NiJ9.access-token-text.signature";

  /** A cipher. */
  protected abstract SecretCipher cipher() throws Exception;

  /** A cipher with a different key from {@link #cipher()}'s. */
  protected abstract SecretCipher cipherWithAnotherKey() throws Exception;

  @Test
  void opensWhatItSealed() throws Exception {
    SecretCipher cipher = cipher();

    assertThat(cipher.open(cipher.seal(TOKEN))).isEqualTo(TOKEN);
    assertThat(cipher.open(cipher.seal(""))).isEmpty();
    assertThat(cipher.open(cipher.seal("ünïcödé ✓"))).isEqualTo("ünïcödé ✓");
  }

  @Test
  void twoSealsOfTheSameTextDiffer() throws Exception {
    SecretCipher cipher = cipher();

    assertThat(cipher.seal(TOKEN)).isNotEqualTo(cipher.seal(TOKEN));
  }

  @Test
  void theCiphertextDoesNotContainThePlaintext() throws Exception {
    byte[] sealed = cipher().seal(TOKEN).ciphertext();

    assertThat(new String(sealed, StandardCharsets.ISO_8859_1)).doesNotContain("access-token-text");
  }

  @Test
  void aSecretSealedUnderAnotherKeyDoesNotOpen() throws Exception {
    SealedSecret foreign = cipherWithAnotherKey().seal(TOKEN);

    assertThatThrownBy(() -> cipher().open(foreign))
        .isInstanceOf(SecretCipherException.class)
        .hasMessageNotContaining(TOKEN);
  }

  @Test
  void fingerprintsAreStablePerKeyAndDifferBetweenKeys() throws Exception {
    SecretCipher cipher = cipher();

    assertThat(cipher.keyFingerprint()).isNotBlank().isEqualTo(cipher().keyFingerprint());
    assertThat(cipher.keyFingerprint()).isNotEqualTo(cipherWithAnotherKey().keyFingerprint());
  }
}
