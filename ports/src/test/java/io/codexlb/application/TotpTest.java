package io.codexlb.application;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TotpTest {

  private static final byte[] RFC_KEY = "12345678901234567890".getBytes(US_ASCII);

  /** RFC 6238, appendix B: the SHA-1 rows (8 digits). */
  @ParameterizedTest
  @CsvSource({
    "59, 94287082",
    "1111111109, 07081804",
    "1111111111, 14050471",
    "1234567890, 89005924",
    "2000000000, 69279037",
    "20000000000, 65353130"
  })
  void rfc6238TestVectors(long epochSeconds, String expected) {
    long step = Totp.step(Instant.ofEpochSecond(epochSeconds));

    assertThat(Totp.code(RFC_KEY, step, 8)).isEqualTo(expected);
  }

  @Test
  void sixDigitCodesAreTheLastSixOfTheEightDigitOnes() {
    long step = Totp.step(Instant.ofEpochSecond(1111111109));

    assertThat(Totp.code(RFC_KEY, step, 6)).isEqualTo("081804");
  }

  @Test
  void aCodeMatchesItsStepAndOneEitherSideOnly() {
    Instant now = Instant.ofEpochSecond(1_700_000_000);
    long step = Totp.step(now);

    assertThat(Totp.matchingStep(RFC_KEY, Totp.code(RFC_KEY, step, 6), now)).hasValue(step);
    assertThat(Totp.matchingStep(RFC_KEY, Totp.code(RFC_KEY, step - 1, 6), now)).hasValue(step - 1);
    assertThat(Totp.matchingStep(RFC_KEY, Totp.code(RFC_KEY, step + 1, 6), now)).hasValue(step + 1);
    assertThat(Totp.matchingStep(RFC_KEY, Totp.code(RFC_KEY, step - 2, 6), now)).isEmpty();
    assertThat(Totp.matchingStep(RFC_KEY, Totp.code(RFC_KEY, step + 2, 6), now)).isEmpty();
  }

  @Test
  void malformedCodesMatchNothing() {
    Instant now = Instant.ofEpochSecond(1_700_000_000);

    assertThat(Totp.matchingStep(RFC_KEY, "", now)).isEmpty();
    assertThat(Totp.matchingStep(RFC_KEY, "12345", now)).isEmpty();
    assertThat(Totp.matchingStep(RFC_KEY, "1234567", now)).isEmpty();
    assertThat(Totp.matchingStep(RFC_KEY, "12a456", now)).isEmpty();
  }

  @Test
  void base32RoundTripsAndMatchesRfc4648() {
    assertThat(Totp.base32("foobar".getBytes(US_ASCII))).isEqualTo("MZXW6YTBOI");
    assertThat(Totp.fromBase32("MZXW6YTBOI======")).isEqualTo("foobar".getBytes(US_ASCII));
    String secret = Totp.newSecret(new SecureRandom());
    assertThat(secret).hasSize(32).matches("[A-Z2-7]+");
    assertThat(Totp.fromBase32(secret)).hasSize(Totp.SECRET_BYTES);
  }

  @Test
  void theUriNamesIssuerAccountAndParameters() {
    assertThat(Totp.otpauthUri("ABC"))
        .isEqualTo(
            "otpauth://totp/codex-lb:dashboard?secret=ABC&issuer=codex-lb&algorithm=SHA1"
                + "&digits=6&period=30");
  }
}
