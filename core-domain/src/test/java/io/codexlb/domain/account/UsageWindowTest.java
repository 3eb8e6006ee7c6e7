package io.codexlb.domain.account;

import static io.codexlb.domain.account.Accounts.FIVE_HOURS;
import static io.codexlb.domain.account.Accounts.NOW;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class UsageWindowTest {

  @Test
  void usageCountsUntilTheResetAndIsZeroFromIt() {
    UsageWindow window = new UsageWindow(80, NOW, FIVE_HOURS);

    assertThat(window.usedPercentAt(NOW.minusNanos(1))).isEqualTo(80);
    assertThat(window.usedPercentAt(NOW)).isZero();
    assertThat(window.asOf(NOW.minusNanos(1))).isSameAs(window);
    assertThat(window.asOf(NOW)).isEqualTo(new UsageWindow(0, NOW, FIVE_HOURS));
  }

  @Test
  void aWindowIsExhaustedAtOneHundredPercentOrMore() {
    assertThat(new UsageWindow(99.99, NOW, FIVE_HOURS).exhausted()).isFalse();
    assertThat(new UsageWindow(100, NOW, FIVE_HOURS).exhausted()).isTrue();
    assertThat(new UsageWindow(104, NOW, FIVE_HOURS).exhausted()).isTrue();
  }

  @Test
  void nonsenseWindowsAreRejected() {
    assertThatThrownBy(() -> new UsageWindow(-1, NOW, FIVE_HOURS))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("usedPercent: -1.0 (expected: finite, >= 0)");
    assertThatThrownBy(() -> new UsageWindow(Double.NaN, NOW, FIVE_HOURS))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new UsageWindow(1, NOW, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("length: PT0S (expected: > 0)");
  }

  @Test
  void creditsAreUsableWhenUnlimitedPresentOrPositive() {
    assertThat(Credits.NONE.usable()).isFalse();
    assertThat(new Credits(true, false, 0).usable()).isTrue();
    assertThat(new Credits(false, true, 0).usable()).isTrue();
    assertThat(new Credits(false, false, 0.5).usable()).isTrue();
    assertThatThrownBy(() -> new Credits(false, false, -1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aSnapshotMayLackEitherWindow() {
    UsageSnapshot weeklyOnly =
        new UsageSnapshot(
            Optional.empty(),
            Optional.of(new UsageWindow(100, NOW, Duration.ofDays(7))),
            Credits.NONE);

    assertThat(weeklyOnly.quotaExhausted()).isTrue();
    assertThat(weeklyOnly.shortWindowExhausted()).isFalse();
  }
}
