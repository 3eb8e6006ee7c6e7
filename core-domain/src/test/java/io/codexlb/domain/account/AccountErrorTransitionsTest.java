package io.codexlb.domain.account;

import static io.codexlb.domain.account.Accounts.NOW;
import static io.codexlb.domain.account.Accounts.active;
import static io.codexlb.domain.account.Accounts.paused;
import static io.codexlb.domain.account.Accounts.rateLimitedUntil;
import static io.codexlb.domain.account.Accounts.withErrors;
import static org.assertj.core.api.Assertions.assertThat;

import io.codexlb.domain.account.AccountEvent.RequestSucceeded;
import io.codexlb.domain.account.AccountEvent.TokenRefreshFailedTransiently;
import io.codexlb.domain.account.AccountEvent.TokenRefreshSucceeded;
import io.codexlb.domain.account.AccountEvent.TransientErrorOccurred;
import io.codexlb.domain.account.Availability.Unavailable;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Transient upstream errors, their backoff, and the successes that end it. */
class AccountErrorTransitionsTest {

  @Test
  void transientErrorsAreCountedWithTheTimeOfTheLast() {
    Account next =
        active()
            .on(new TransientErrorOccurred(), NOW)
            .on(new TransientErrorOccurred(), NOW.plusSeconds(1));

    assertThat(next.errors()).isEqualTo(new ErrorStreak(2, Optional.of(NOW.plusSeconds(1))));
    assertThat(next.state()).isEqualTo(AccountState.active());
  }

  @Test
  void twoTransientErrorsDoNotTakeAnAccountOutOfRouting() {
    Account next =
        active().on(new TransientErrorOccurred(), NOW).on(new TransientErrorOccurred(), NOW);

    assertThat(next.isAvailable(NOW)).isTrue();
  }

  @Test
  void theThirdConsecutiveErrorBacksTheAccountOffForThirtySeconds() {
    Account next = withErrors(active(), 2, NOW).on(new TransientErrorOccurred(), NOW);

    assertThat(next.availability(NOW))
        .isEqualTo(
            new Unavailable(UnavailableReason.ERROR_BACKOFF, Optional.of(NOW.plusSeconds(30))));
    assertThat(next.isAvailable(NOW.plusSeconds(30).minusNanos(1))).isFalse();
    assertThat(next.isAvailable(NOW.plusSeconds(30))).isTrue();
    assertThat(next.effectiveStatus(NOW)).isEqualTo(AccountStatus.ACTIVE);
  }

  @Test
  void eachFurtherErrorDoublesTheBackoff() {
    Account next = withErrors(active(), 3, NOW).on(new TransientErrorOccurred(), NOW);

    assertThat(next.errors().backoffUntil()).contains(NOW.plusSeconds(60));
  }

  @Test
  void aSuccessEndsTheStreakAndItsBackoff() {
    Account next = withErrors(active(), 5, NOW).on(new RequestSucceeded(), NOW.plusSeconds(1));

    assertThat(next.errors()).isEqualTo(ErrorStreak.NONE);
    assertThat(next.isAvailable(NOW.plusSeconds(1))).isTrue();
  }

  @Test
  void aTransientRefreshFailureCountsAsATransientError() {
    Account next = active().on(new TokenRefreshFailedTransiently(), NOW);

    assertThat(next.errors().consecutiveErrors()).isEqualTo(1);
  }

  @Test
  void aSuccessfulRefreshEndsTheStreak() {
    Account next = withErrors(active(), 4, NOW).on(new TokenRefreshSucceeded(), NOW);

    assertThat(next.errors()).isEqualTo(ErrorStreak.NONE);
    assertThat(next.state()).isEqualTo(AccountState.active());
  }

  @Test
  void errorsOnALimitedAccountAreCountedWithoutChangingTheLimit() {
    Instant reset = NOW.plusSeconds(600);

    Account next = rateLimitedUntil(reset).on(new TransientErrorOccurred(), NOW);

    assertThat(next.state()).isEqualTo(new AccountState.RateLimited(reset));
    assertThat(next.errors().consecutiveErrors()).isEqualTo(1);
  }

  @Test
  void aSuccessDoesNotEndALimit() {
    Instant reset = NOW.plusSeconds(600);

    Account next = rateLimitedUntil(reset).on(new RequestSucceeded(), NOW);

    assertThat(next.state()).isEqualTo(new AccountState.RateLimited(reset));
  }

  @Test
  void aSuccessDoesNotUnpause() {
    Account next = paused().on(new RequestSucceeded(), NOW);

    assertThat(next.state()).isEqualTo(AccountState.paused());
  }
}
