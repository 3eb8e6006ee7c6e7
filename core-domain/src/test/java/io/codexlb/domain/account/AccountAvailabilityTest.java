package io.codexlb.domain.account;

import static io.codexlb.domain.account.Accounts.ID;
import static io.codexlb.domain.account.Accounts.NOW;
import static io.codexlb.domain.account.Accounts.active;
import static io.codexlb.domain.account.Accounts.deactivated;
import static io.codexlb.domain.account.Accounts.loginDied;
import static io.codexlb.domain.account.Accounts.paused;
import static io.codexlb.domain.account.Accounts.primary;
import static io.codexlb.domain.account.Accounts.quotaExceededUntil;
import static io.codexlb.domain.account.Accounts.rateLimitedUntil;
import static io.codexlb.domain.account.Accounts.secondary;
import static io.codexlb.domain.account.Accounts.usage;
import static io.codexlb.domain.account.Accounts.withErrors;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.codexlb.domain.account.Availability.Unavailable;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What routing reads: availability with its reason, and the account's view at an instant. */
class AccountAvailabilityTest {

  private static final Instant RESET = NOW.plus(Duration.ofMinutes(10));

  @Test
  void aNewAccountIsActiveAndAvailable() {
    Account account = Account.of(ID, PlanType.PRO).withLabel("ops@example.com");

    assertThat(account.availability(NOW)).isEqualTo(Availability.Available.INSTANCE);
    assertThat(account.label()).contains("ops@example.com");
    assertThat(account.usage()).isEmpty();
  }

  @Test
  void limitedAccountsSayWhyAndUntilWhen() {
    assertThat(rateLimitedUntil(RESET).availability(NOW))
        .isEqualTo(new Unavailable(UnavailableReason.RATE_LIMITED, Optional.of(RESET)));
    assertThat(quotaExceededUntil(RESET).availability(NOW))
        .isEqualTo(new Unavailable(UnavailableReason.QUOTA_EXCEEDED, Optional.of(RESET)));
  }

  @Test
  void accountsWaitingForAPersonSayWhyWithoutAnEnd() {
    assertThat(paused().availability(NOW))
        .isEqualTo(new Unavailable(UnavailableReason.PAUSED, Optional.empty()));
    assertThat(loginDied().availability(NOW))
        .isEqualTo(new Unavailable(UnavailableReason.DEACTIVATED, Optional.empty()));
    assertThat(deactivated().availability(NOW))
        .isEqualTo(new Unavailable(UnavailableReason.DEACTIVATED, Optional.empty()));
  }

  @Test
  void aLimitedAccountBackingOffPastItsResetIsUnavailableUntilTheBackoffEnds() {
    Account account = withErrors(rateLimitedUntil(NOW.plusSeconds(10)), 4, NOW);

    assertThat(account.availability(NOW))
        .isEqualTo(
            new Unavailable(UnavailableReason.RATE_LIMITED, Optional.of(NOW.plusSeconds(60))));
    assertThat(account.availability(NOW.plusSeconds(10)))
        .isEqualTo(
            new Unavailable(UnavailableReason.ERROR_BACKOFF, Optional.of(NOW.plusSeconds(60))));
  }

  @Test
  void aLimitedAccountWhoseBackoffEndsFirstIsUnavailableUntilItsReset() {
    Account account = withErrors(rateLimitedUntil(RESET), 3, NOW);

    assertThat(account.availability(NOW))
        .isEqualTo(new Unavailable(UnavailableReason.RATE_LIMITED, Optional.of(RESET)));
  }

  @Test
  void aReasonThatEndsByItselfNeedsAnEndAndOnlyThen() {
    assertThatThrownBy(() -> new Unavailable(UnavailableReason.RATE_LIMITED, Optional.empty()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("until: Optional.empty");
    assertThatThrownBy(() -> new Unavailable(UnavailableReason.PAUSED, Optional.of(NOW)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theViewGivesRoutingUsageResetTimesAndCapacity() {
    Instant primaryReset = NOW.plus(Duration.ofHours(2));
    Instant secondaryReset = NOW.plus(Duration.ofDays(3));
    Account account =
        withErrors(active(), 1, NOW)
            .on(usage(primary(35, primaryReset), secondary(25, secondaryReset)), NOW);

    AccountView view = account.view(NOW);

    assertThat(view.id()).isEqualTo(ID);
    assertThat(view.status()).isEqualTo(AccountStatus.ACTIVE);
    assertThat(view.availability().isAvailable()).isTrue();
    assertThat(view.primary()).contains(primary(35, primaryReset));
    assertThat(view.secondary()).contains(secondary(25, secondaryReset));
    assertThat(view.capacity()).isEqualTo(PlanType.PLUS.capacity());
    assertThat(view.remainingSecondaryCredits()).isCloseTo(7_560 * 0.75, within(1e-9));
    assertThat(view.consecutiveErrors()).isEqualTo(1);
  }

  @Test
  void theViewShowsAWindowPastItsResetAsUnused() {
    Instant primaryReset = NOW.plus(Duration.ofHours(2));
    Account account =
        active()
            .on(
                usage(primary(100, primaryReset), secondary(40, NOW.plus(Duration.ofDays(3)))),
                NOW);

    AccountView before = account.view(primaryReset.minusNanos(1));
    AccountView after = account.view(primaryReset);

    assertThat(before.status()).isEqualTo(AccountStatus.RATE_LIMITED);
    assertThat(before.primary().orElseThrow().usedPercent()).isEqualTo(100);
    assertThat(after.status()).isEqualTo(AccountStatus.ACTIVE);
    assertThat(after.primary().orElseThrow().usedPercent()).isZero();
    assertThat(after.secondary().orElseThrow().usedPercent()).isEqualTo(40);
  }

  @Test
  void remainingCreditsAreTheWholeCapacityWhenUsageIsUnknownAndNeverNegative() {
    assertThat(active().view(NOW).remainingSecondaryCredits()).isEqualTo(7_560);
    Account overdrawn =
        active().on(usage(primary(10, RESET), secondary(130, NOW.plus(Duration.ofDays(2)))), NOW);
    assertThat(overdrawn.view(NOW).remainingSecondaryCredits()).isZero();
  }
}
