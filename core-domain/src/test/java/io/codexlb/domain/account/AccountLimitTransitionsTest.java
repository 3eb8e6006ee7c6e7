package io.codexlb.domain.account;

import static io.codexlb.domain.account.Accounts.NOW;
import static io.codexlb.domain.account.Accounts.active;
import static io.codexlb.domain.account.Accounts.deactivated;
import static io.codexlb.domain.account.Accounts.loginDied;
import static io.codexlb.domain.account.Accounts.paused;
import static io.codexlb.domain.account.Accounts.quotaExceededUntil;
import static io.codexlb.domain.account.Accounts.rateLimitedUntil;
import static org.assertj.core.api.Assertions.assertThat;

import io.codexlb.domain.account.AccountEvent.QuotaExhausted;
import io.codexlb.domain.account.AccountEvent.RateLimitHit;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Rate limits and exhausted quotas reported by a refused request. */
class AccountLimitTransitionsTest {

  private static final Instant IN_TEN_MINUTES = NOW.plus(Duration.ofMinutes(10));
  private static final Instant IN_AN_HOUR = NOW.plus(Duration.ofHours(1));

  @Test
  void activeAccountHitByARateLimitIsLimitedUntilUpstreamsResetTime() {
    Account next = active().on(RateLimitHit.resettingAt(IN_TEN_MINUTES), NOW);

    assertThat(next.state()).isEqualTo(new AccountState.RateLimited(IN_TEN_MINUTES));
    assertThat(next.effectiveStatus(NOW)).isEqualTo(AccountStatus.RATE_LIMITED);
  }

  @Test
  void rateLimitWithATryAgainHintLastsTheHint() {
    Account next = active().on(RateLimitHit.retryAfter(Duration.ofMinutes(6)), NOW);

    assertThat(next.state()).isEqualTo(new AccountState.RateLimited(NOW.plusSeconds(360)));
  }

  @Test
  void rateLimitWithoutResetInformationLastsTheDefaultThirtySeconds() {
    Account next = active().on(RateLimitHit.withoutResetInfo(), NOW);

    assertThat(Account.DEFAULT_RATE_LIMIT_COOLDOWN).isEqualTo(Duration.ofSeconds(30));
    assertThat(next.state()).isEqualTo(new AccountState.RateLimited(NOW.plusSeconds(30)));
  }

  @Test
  void upstreamsResetTimeWinsOverItsTryAgainHint() {
    Account next =
        active()
            .on(new RateLimitHit(Optional.of(IN_AN_HOUR), Optional.of(Duration.ofSeconds(5))), NOW);

    assertThat(next.state()).isEqualTo(new AccountState.RateLimited(IN_AN_HOUR));
  }

  @Test
  void aRateLimitThatHasAlreadyResetLeavesTheAccountActive() {
    Account next = active().on(RateLimitHit.resettingAt(NOW.minusSeconds(1)), NOW);

    assertThat(next.state()).isEqualTo(AccountState.active());
  }

  @Test
  void aRateLimitIsNotATransientError() {
    Account next = active().on(RateLimitHit.withoutResetInfo(), NOW);

    assertThat(next.errors()).isEqualTo(ErrorStreak.NONE);
  }

  @Test
  void aLaterRateLimitExtendsAnEarlierOne() {
    Account next = rateLimitedUntil(IN_TEN_MINUTES).on(RateLimitHit.resettingAt(IN_AN_HOUR), NOW);

    assertThat(next.state()).isEqualTo(new AccountState.RateLimited(IN_AN_HOUR));
  }

  @Test
  void anEarlierRateLimitDoesNotShortenAKnownOne() {
    Account next = rateLimitedUntil(IN_AN_HOUR).on(RateLimitHit.resettingAt(IN_TEN_MINUTES), NOW);

    assertThat(next.state()).isEqualTo(new AccountState.RateLimited(IN_AN_HOUR));
  }

  @Test
  void aRateLimitOnAnExpiredRateLimitStartsAfresh() {
    Account next =
        rateLimitedUntil(NOW.minusSeconds(5)).on(RateLimitHit.resettingAt(IN_TEN_MINUTES), NOW);

    assertThat(next.state()).isEqualTo(new AccountState.RateLimited(IN_TEN_MINUTES));
  }

  @Test
  void aRateLimitEndingBeforeTheQuotaResetsLeavesTheAccountOutOfQuota() {
    Account next = quotaExceededUntil(IN_AN_HOUR).on(RateLimitHit.resettingAt(IN_TEN_MINUTES), NOW);

    assertThat(next.state()).isEqualTo(new AccountState.QuotaExceeded(IN_AN_HOUR));
  }

  @Test
  void aRateLimitEndingAfterTheQuotaResetsTakesOver() {
    Account next = quotaExceededUntil(IN_TEN_MINUTES).on(RateLimitHit.resettingAt(IN_AN_HOUR), NOW);

    assertThat(next.state()).isEqualTo(new AccountState.RateLimited(IN_AN_HOUR));
  }

  @Test
  void activeAccountOutOfQuotaWaitsForTheQuotaReset() {
    Instant inThreeDays = NOW.plus(Duration.ofDays(3));

    Account next = active().on(new QuotaExhausted(Optional.of(inThreeDays)), NOW);

    assertThat(next.state()).isEqualTo(new AccountState.QuotaExceeded(inThreeDays));
  }

  @Test
  void quotaExhaustedWithoutResetTimeLastsAnHour() {
    Account next = active().on(new QuotaExhausted(Optional.empty()), NOW);

    assertThat(Account.DEFAULT_QUOTA_COOLDOWN).isEqualTo(Duration.ofHours(1));
    assertThat(next.state()).isEqualTo(new AccountState.QuotaExceeded(IN_AN_HOUR));
  }

  @Test
  void quotaExhaustedOnARateLimitedAccountTakesOverWhenItEndsLater() {
    Account next =
        rateLimitedUntil(IN_TEN_MINUTES).on(new QuotaExhausted(Optional.of(IN_AN_HOUR)), NOW);

    assertThat(next.state()).isEqualTo(new AccountState.QuotaExceeded(IN_AN_HOUR));
  }

  @Test
  void quotaExhaustedOnARateLimitedAccountEndingSoonerKeepsTheRateLimit() {
    Account next =
        rateLimitedUntil(IN_AN_HOUR).on(new QuotaExhausted(Optional.of(IN_TEN_MINUTES)), NOW);

    assertThat(next.state()).isEqualTo(new AccountState.RateLimited(IN_AN_HOUR));
  }

  @Test
  void aLaterQuotaResetExtendsAnOutOfQuotaAccount() {
    Account next =
        quotaExceededUntil(IN_TEN_MINUTES).on(new QuotaExhausted(Optional.of(IN_AN_HOUR)), NOW);

    assertThat(next.state()).isEqualTo(new AccountState.QuotaExceeded(IN_AN_HOUR));
  }

  @Test
  void limitsDoNotTouchAccountsThatWaitForAPerson() {
    for (Account waiting : new Account[] {paused(), loginDied(), deactivated()}) {
      assertThat(waiting.on(RateLimitHit.resettingAt(IN_AN_HOUR), NOW)).isEqualTo(waiting);
      assertThat(waiting.on(new QuotaExhausted(Optional.of(IN_AN_HOUR)), NOW)).isEqualTo(waiting);
    }
  }
}
