package io.codexlb.domain.limit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class LeaseSizingTest {

  @Test
  void farFromTheLimitAHolderTakesHalfItsFairShareCappedByWhatItWants() {
    // 1,000,000 left, 2 holders: a fair share is 500,000, half of it 250,000.
    assertThat(LeaseSizing.grant(1_000_000, 2, 0, 100, 10_000_000)).isEqualTo(250_000);
    assertThat(LeaseSizing.grant(1_000_000, 2, 0, 100, 5_000)).isEqualTo(5_000);
  }

  @Test
  void nearTheLimitSlicesShrinkToOneRequest() {
    assertThat(LeaseSizing.grant(300, 2, 50, 100, 10_000)).isEqualTo(100);
    assertThat(LeaseSizing.grant(100, 4, 50, 100, 10_000)).isEqualTo(100);
  }

  @Test
  void lessThanOneRequestLeftGoesToOneRequestOnlyWhenNoOtherHolderLeases() {
    assertThat(LeaseSizing.grant(60, 1, 0, 100, 10_000)).isEqualTo(60);
    assertThat(LeaseSizing.grant(60, 2, 1, 100, 10_000)).isZero();
    assertThat(LeaseSizing.grant(0, 1, 0, 100, 10_000)).isZero();
    assertThat(LeaseSizing.grant(-5, 1, 0, 100, 10_000)).isZero();
  }

  @Test
  void nonsenseArgumentsAreRejected() {
    assertThatThrownBy(() -> LeaseSizing.grant(10, 0, 0, 1, 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> LeaseSizing.grant(10, 1, 0, 5, 4))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
