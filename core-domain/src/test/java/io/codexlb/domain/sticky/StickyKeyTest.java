package io.codexlb.domain.sticky;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class StickyKeyTest {

  @Test
  void keyOfMaximumLengthIsAccepted() {
    String longest = "k".repeat(StickyKey.MAX_LENGTH);

    assertThat(new StickyKey(longest).value()).hasSize(512);
  }

  @Test
  void overlongKeyIsRejectedWithAnAbbreviatedValue() {
    assertThatThrownBy(() -> new StickyKey("k".repeat(513)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("(expected: 1 to 512 characters, not blank)")
        .hasMessageContaining("...");
  }

  @Test
  void blankKeyIsRejected() {
    assertThatThrownBy(() -> new StickyKey(" "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("value: ' ' (expected: 1 to 512 characters, not blank)");
  }

  @Test
  void keysCompareExactly() {
    assertThat(new StickyKey("Abc")).isNotEqualTo(new StickyKey("abc"));
    assertThat(new StickyKey("abc")).hasToString("abc");
  }

  @Test
  void policyNeedsAPositiveTtl() {
    assertThatThrownBy(() -> new StickyPolicy(true, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("ttl: PT0S (expected: > 0)");
    assertThat(StickyPolicy.defaults()).isEqualTo(new StickyPolicy(true, Duration.ofMinutes(30)));
  }
}
