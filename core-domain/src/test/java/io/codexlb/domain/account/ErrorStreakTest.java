package io.codexlb.domain.account;

import static io.codexlb.domain.account.Accounts.NOW;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ErrorStreakTest {

  @Test
  void backoffStartsAtTheThirdErrorAndDoublesUpToFiveMinutes() {
    assertThat(IntStream.rangeClosed(0, 9).mapToObj(ErrorStreak::backoffAfter))
        .containsExactly(
            Duration.ZERO,
            Duration.ZERO,
            Duration.ZERO,
            Duration.ofSeconds(30),
            Duration.ofMinutes(1),
            Duration.ofMinutes(2),
            Duration.ofMinutes(4),
            Duration.ofMinutes(5),
            Duration.ofMinutes(5),
            Duration.ofMinutes(5));
    assertThat(ErrorStreak.backoffAfter(Integer.MAX_VALUE)).isEqualTo(ErrorStreak.MAX_BACKOFF);
  }

  @Test
  void backoffRunsFromTheLastError() {
    ErrorStreak streak = ErrorStreak.NONE.plusErrorAt(NOW).plusErrorAt(NOW).plusErrorAt(NOW);

    assertThat(streak.consecutiveErrors()).isEqualTo(3);
    assertThat(streak.backoffUntil()).contains(NOW.plusSeconds(30));
    assertThat(streak.backingOffAt(NOW.plusSeconds(30).minusNanos(1))).isTrue();
    assertThat(streak.backingOffAt(NOW.plusSeconds(30))).isFalse();
  }

  @Test
  void fewErrorsEarnNoBackoff() {
    ErrorStreak streak = ErrorStreak.NONE.plusErrorAt(NOW).plusErrorAt(NOW);

    assertThat(streak.backoffUntil()).isEmpty();
    assertThat(streak.backingOffAt(NOW)).isFalse();
  }

  @Test
  void lastErrorTimeGoesWithErrors() {
    assertThatThrownBy(() -> new ErrorStreak(0, Optional.of(NOW)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("lastErrorAt");
    assertThatThrownBy(() -> new ErrorStreak(2, Optional.empty()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new ErrorStreak(-1, Optional.empty()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("consecutiveErrors: -1 (expected: >= 0)");
  }
}
