package io.codexlb.domain.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RefreshPolicyTest {

  private static final Instant REFRESHED = Instant.parse("2026-01-01T00:00:00Z");
  private static final RefreshPolicy POLICY = RefreshPolicy.defaults();

  @Test
  void tokensOlderThanTheMaximumAgeAreDue() {
    Instant eightDays = REFRESHED.plus(Duration.ofDays(8));

    assertThat(POLICY.due(REFRESHED, Optional.empty(), eightDays.minusSeconds(1))).isFalse();
    assertThat(POLICY.due(REFRESHED, Optional.empty(), eightDays)).isTrue();
  }

  @Test
  void anAccessTokenAboutToExpireIsDueBeforeItsAge() {
    Instant expiry = REFRESHED.plus(Duration.ofHours(1));

    assertThat(POLICY.dueAt(REFRESHED, Optional.of(expiry)))
        .isEqualTo(expiry.minus(RefreshPolicy.DEFAULT_EXPIRY_MARGIN));
    assertThat(POLICY.due(REFRESHED, Optional.of(expiry), expiry.minus(Duration.ofMinutes(6))))
        .isFalse();
    assertThat(POLICY.due(REFRESHED, Optional.of(expiry), expiry.minus(Duration.ofMinutes(5))))
        .isTrue();
  }

  @Test
  void aDistantExpiryDoesNotPostponeTheAgeLimit() {
    Optional<Instant> farAway = Optional.of(REFRESHED.plus(Duration.ofDays(60)));

    assertThat(POLICY.dueAt(REFRESHED, farAway)).isEqualTo(REFRESHED.plus(Duration.ofDays(8)));
    assertThat(POLICY.withMaxAge(Duration.ofDays(1)).dueAt(REFRESHED, farAway))
        .isEqualTo(REFRESHED.plus(Duration.ofDays(1)));
  }

  @Test
  void theAgeMustBePositiveAndTheMarginNotNegative() {
    assertThatThrownBy(() -> new RefreshPolicy(Duration.ZERO, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("maxAge: PT0S");
    assertThatThrownBy(() -> new RefreshPolicy(Duration.ofDays(1), Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("expiryMargin");
  }
}
