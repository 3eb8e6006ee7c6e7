package io.codexlb.domain.account;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** Accounts in each state, and usage windows, for the tests. */
final class Accounts {

  static final Instant NOW = Instant.parse("2026-03-04T10:00:00Z");
  static final AccountId ID = new AccountId("acc-1");
  static final Duration FIVE_HOURS = Duration.ofHours(5);
  static final Duration ONE_WEEK = Duration.ofDays(7);

  private Accounts() {}

  static Account active() {
    return Account.of(ID, PlanType.PLUS);
  }

  static Account rateLimitedUntil(Instant until) {
    return active().withState(new AccountState.RateLimited(until));
  }

  static Account quotaExceededUntil(Instant until) {
    return active().withState(new AccountState.QuotaExceeded(until));
  }

  static Account paused() {
    return active().withState(AccountState.paused());
  }

  /** Deactivated because its login died: a new login fixes it. */
  static Account loginDied() {
    return active()
        .withState(
            new AccountState.Deactivated(
                PermanentAuthFailure.forErrorCode("refresh_token_reused").orElseThrow()));
  }

  /** Deactivated because upstream suspended it: a new login does not fix it. */
  static Account deactivated() {
    return active()
        .withState(
            new AccountState.Deactivated(
                PermanentAuthFailure.forErrorCode("account_suspended").orElseThrow()));
  }

  /** An account with {@code n} consecutive errors, the last at {@code at}. */
  static Account withErrors(Account account, int n, Instant at) {
    return account.withErrors(new ErrorStreak(n, n == 0 ? Optional.empty() : Optional.of(at)));
  }

  static UsageWindow primary(double usedPercent, Instant resetsAt) {
    return new UsageWindow(usedPercent, resetsAt, FIVE_HOURS);
  }

  static UsageWindow secondary(double usedPercent, Instant resetsAt) {
    return new UsageWindow(usedPercent, resetsAt, ONE_WEEK);
  }

  static AccountEvent.UsageObserved usage(UsageWindow primary, UsageWindow secondary) {
    return new AccountEvent.UsageObserved(UsageSnapshot.of(primary, secondary));
  }

  static AccountEvent.UsageObserved usage(
      UsageWindow primary, UsageWindow secondary, Credits credits) {
    return new AccountEvent.UsageObserved(
        UsageSnapshot.of(primary, secondary).withCredits(credits));
  }

  static AccountEvent.UsageObserved usageOk() {
    return usage(
        primary(10, NOW.plus(Duration.ofHours(2))), secondary(20, NOW.plus(Duration.ofDays(3))));
  }
}
