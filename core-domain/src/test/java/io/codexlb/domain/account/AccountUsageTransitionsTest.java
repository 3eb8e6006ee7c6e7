package io.codexlb.domain.account;

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
import static io.codexlb.domain.account.Accounts.usageOk;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Usage reports: from the usage endpoint or the rate-limit headers of a response. */
class AccountUsageTransitionsTest {

  private static final Instant PRIMARY_RESET = NOW.plus(Duration.ofHours(2));
  private static final Instant SECONDARY_RESET = NOW.plus(Duration.ofDays(3));

  @Test
  void usageWithinLimitsIsRecordedAndKeepsTheAccountActive() {
    AccountEvent.UsageObserved report = usageOk();

    Account next = active().on(report, NOW);

    assertThat(next.state()).isEqualTo(AccountState.active());
    assertThat(next.usage()).contains(report.snapshot());
  }

  @Test
  void aUsedUpWeeklyWindowWithoutCreditsMeansQuotaExceededUntilItResets() {
    Account next =
        active().on(usage(primary(40, PRIMARY_RESET), secondary(100, SECONDARY_RESET)), NOW);

    assertThat(next.state()).isEqualTo(new AccountState.QuotaExceeded(SECONDARY_RESET));
  }

  @Test
  void aUsedUpWeeklyWindowWithUsableCreditsKeepsTheAccountActive() {
    Account next =
        active()
            .on(
                usage(
                    primary(40, PRIMARY_RESET),
                    secondary(100, SECONDARY_RESET),
                    new Credits(true, false, 12.5)),
                NOW);

    assertThat(next.state()).isEqualTo(AccountState.active());
  }

  @Test
  void aUsedUpFiveHourWindowMeansRateLimitedUntilItResets() {
    Account next =
        active().on(usage(primary(100, PRIMARY_RESET), secondary(60, SECONDARY_RESET)), NOW);

    assertThat(next.state()).isEqualTo(new AccountState.RateLimited(PRIMARY_RESET));
  }

  @Test
  void aUsedUpFiveHourWindowLimitsEvenWithCredits() {
    Account next =
        active()
            .on(
                usage(
                    primary(100, PRIMARY_RESET),
                    secondary(100, SECONDARY_RESET),
                    new Credits(false, true, 0)),
                NOW);

    assertThat(next.state()).isEqualTo(new AccountState.RateLimited(PRIMARY_RESET));
  }

  @Test
  void whenBothWindowsAreUsedUpTheQuotaWins() {
    Account next =
        active().on(usage(primary(100, PRIMARY_RESET), secondary(100, SECONDARY_RESET)), NOW);

    assertThat(next.state()).isEqualTo(new AccountState.QuotaExceeded(SECONDARY_RESET));
  }

  @Test
  void aReportFromBeforeTheResetLeavesTheAccountActive() {
    Account next =
        active().on(usage(primary(100, NOW.minusSeconds(1)), secondary(50, SECONDARY_RESET)), NOW);

    assertThat(next.state()).isEqualTo(AccountState.active());
  }

  @Test
  void usageBelowTheLimitDoesNotEndARateLimitEarly() {
    Account next = rateLimitedUntil(PRIMARY_RESET).on(usageOk(), NOW);

    assertThat(next.state()).isEqualTo(new AccountState.RateLimited(PRIMARY_RESET));
  }

  @Test
  void usageBelowTheLimitDoesNotEndAnExceededQuotaEarly() {
    Account next = quotaExceededUntil(SECONDARY_RESET).on(usageOk(), NOW);

    assertThat(next.state()).isEqualTo(new AccountState.QuotaExceeded(SECONDARY_RESET));
  }

  @Test
  void aReportWithRoomEndsARateLimitAnEarlierReportSetBeforeItsAnnouncedReset() {
    Account limited =
        active().on(usage(primary(100, PRIMARY_RESET), secondary(60, SECONDARY_RESET)), NOW);

    // Upstream reset the 5-hour window early: the next poll shows a fresh window.
    Instant later = NOW.plus(Duration.ofMinutes(1));
    Account next =
        limited.on(
            usage(primary(0, later.plus(Duration.ofHours(5))), secondary(60, SECONDARY_RESET)),
            later);

    assertThat(next.state()).isEqualTo(AccountState.active());
  }

  @Test
  void aReportWithRoomEndsAnExceededQuotaAnEarlierReportSet() {
    Account limited =
        active().on(usage(primary(10, PRIMARY_RESET), secondary(100, SECONDARY_RESET)), NOW);

    Account next =
        limited.on(usage(primary(10, PRIMARY_RESET), secondary(3, SECONDARY_RESET)), NOW);

    assertThat(next.state()).isEqualTo(AccountState.active());
  }

  @Test
  void aNewerReportReplacesAnEarlierReportsLimitEvenWhenItEndsSooner() {
    Account limited =
        active().on(usage(primary(100, PRIMARY_RESET), secondary(60, SECONDARY_RESET)), NOW);
    Instant sooner = NOW.plus(Duration.ofMinutes(10));

    Account next = limited.on(usage(primary(100, sooner), secondary(60, SECONDARY_RESET)), NOW);

    assertThat(next.state()).isEqualTo(new AccountState.RateLimited(sooner));
  }

  @Test
  void aRefusalsDeadlineStandsAgainstAReportWithRoom() {
    Instant refusalEnds = NOW.plus(Duration.ofMinutes(20));
    Account refused =
        active()
            .on(usage(primary(90, PRIMARY_RESET), secondary(60, SECONDARY_RESET)), NOW)
            .on(AccountEvent.RateLimitHit.resettingAt(refusalEnds), NOW);

    Account next = refused.on(usageOk(), NOW.plusSeconds(60));

    assertThat(next.state()).isEqualTo(new AccountState.RateLimited(refusalEnds));
  }

  @Test
  void usableCreditsEndAnExceededQuota() {
    Account next =
        quotaExceededUntil(SECONDARY_RESET)
            .on(
                usage(
                    primary(40, PRIMARY_RESET),
                    secondary(100, SECONDARY_RESET),
                    new Credits(false, false, 3)),
                NOW);

    assertThat(next.state()).isEqualTo(AccountState.active());
  }

  @Test
  void aUsedUpWeeklyWindowTurnsARateLimitIntoAnExceededQuota() {
    Account next =
        rateLimitedUntil(PRIMARY_RESET)
            .on(usage(primary(100, PRIMARY_RESET), secondary(100, SECONDARY_RESET)), NOW);

    assertThat(next.state()).isEqualTo(new AccountState.QuotaExceeded(SECONDARY_RESET));
  }

  @Test
  void usageIsRecordedButDoesNotMoveAccountsThatWaitForAPerson() {
    AccountEvent.UsageObserved exhausted =
        usage(primary(100, PRIMARY_RESET), secondary(100, SECONDARY_RESET));
    for (Account waiting : new Account[] {paused(), loginDied(), deactivated()}) {
      Account next = waiting.on(exhausted, NOW);

      assertThat(next.state()).isEqualTo(waiting.state());
      assertThat(next.usage()).contains(exhausted.snapshot());
    }
  }
}
