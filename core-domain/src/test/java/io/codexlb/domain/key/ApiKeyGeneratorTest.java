package io.codexlb.domain.key;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.Random;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ApiKeyGeneratorTest {

  @Test
  void aKeyIsSkClbFollowedBy43Base64UrlCharacters() {
    PlainApiKey key = ApiKeyGenerator.using(new SplittableRandom(1)).generate();

    assertThat(key.reveal()).matches("sk-clb-[A-Za-z0-9_-]{43}");
  }

  @Test
  void theSameSeedGivesTheSameKeyAndAnotherSeedAnother() {
    String first = ApiKeyGenerator.using(new SplittableRandom(7)).generate().reveal();
    String again = ApiKeyGenerator.using(new SplittableRandom(7)).generate().reveal();
    String other = ApiKeyGenerator.using(new SplittableRandom(8)).generate().reveal();

    assertThat(again).isEqualTo(first);
    assertThat(other).isNotEqualTo(first);
  }

  @Test
  void allZeroRandomBitsEncodeAsAllA() {
    PlainApiKey key = ApiKeyGenerator.using(new ZeroRandom()).generate();

    assertThat(key.reveal()).isEqualTo("sk-clb-" + "A".repeat(43));
  }

  @Test
  void theDisplayPrefixIsSkClbAndEightCharacters() {
    PlainApiKey key = PlainApiKey.of("sk-clb-abcdefghijklmnop");

    assertThat(key.displayPrefix()).isEqualTo("sk-clb-abcdefgh");
  }

  @Test
  void toStringShowsOnlyTheDisplayPrefix() {
    PlainApiKey key = ApiKeyGenerator.using(new SplittableRandom(3)).generate();

    assertThat(key.toString())
        .isEqualTo(key.displayPrefix() + "…")
        .doesNotContain(key.reveal().substring(PlainApiKey.DISPLAY_LENGTH));
  }

  @Test
  void aTextThatIsNotACodexLbKeyIsRejectedWithoutEchoingIt() {
    assertThatThrownBy(() -> PlainApiKey.of("sk-proj-secret"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageNotContaining("secret");
  }

  @Test
  void theStoredHashIsTheSha256HexOfTheFullKey() {
    // sha256("sk-clb-test") computed independently with sha256sum
    assertThat(PlainApiKey.of("sk-clb-test").hash().hex())
        .isEqualTo("2f7599147a829c154389a511bdb38272df495db2d63af625749c045248d71db3");
  }

  /** A generator whose every bit is zero. */
  private static final class ZeroRandom extends Random {
    @Override
    public void nextBytes(byte[] bytes) {
      Arrays.fill(bytes, (byte) 0);
    }
  }
}
