package io.codexlb.domain.account;

import static io.codexlb.domain.account.Accounts.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;

/** Invariants of the account state machine over any reset time and any history of events. */
class AccountProperties {

  // 366 days: upstream accepts reset times at most that far ahead.
  private static final long A_YEAR_IN_NANOS = 366L * 24 * 3_600 * 1_000_000_000L;

  @Property
  void aRateLimitEndsExactlyAtItsResetTime(
      @ForAll @LongRange(min = 1, max = A_YEAR_IN_NANOS) long nanosToReset) {
    Instant reset = NOW.plusNanos(nanosToReset);

    Account limited = Accounts.active().on(AccountEvent.RateLimitHit.resettingAt(reset), NOW);

    assertThat(limited.effectiveStatus(reset.minusNanos(1))).isEqualTo(AccountStatus.RATE_LIMITED);
    assertThat(limited.isAvailable(reset.minusNanos(1))).isFalse();
    assertThat(limited.effectiveStatus(reset)).isEqualTo(AccountStatus.ACTIVE);
    assertThat(limited.isAvailable(reset)).isTrue();
  }

  @Property
  void anExceededQuotaEndsExactlyAtItsResetTime(
      @ForAll @LongRange(min = 1, max = A_YEAR_IN_NANOS) long nanosToReset,
      @ForAll boolean reportedByUsage) {
    Instant reset = NOW.plusNanos(nanosToReset);
    AccountEvent event =
        reportedByUsage
            ? Accounts.usage(
                Accounts.primary(50, NOW.plusSeconds(60)), Accounts.secondary(100, reset))
            : new AccountEvent.QuotaExhausted(Optional.of(reset));

    Account exceeded = Accounts.active().on(event, NOW);

    assertThat(exceeded.effectiveStatus(reset.minusNanos(1)))
        .isEqualTo(AccountStatus.QUOTA_EXCEEDED);
    assertThat(exceeded.effectiveStatus(reset)).isEqualTo(AccountStatus.ACTIVE);
    assertThat(exceeded.isAvailable(reset)).isTrue();
  }

  @Property
  void anUnavailableAccountAlwaysSaysWhyAndIsBackWhenItSaid(
      @ForAll("histories") List<Step> history,
      @ForAll @LongRange(min = 0, max = 400_000) long secondsAfter) {
    Account account = replay(history);
    Instant at = lastTime(history).plusSeconds(secondsAfter);

    Availability availability = account.availability(at);

    assertThat(availability.isAvailable()).isEqualTo(account.isAvailable(at));
    if (availability instanceof Availability.Unavailable unavailable) {
      assertThat(unavailable.reason()).isNotNull();
      unavailable
          .until()
          .ifPresent(
              until -> {
                assertThat(until).isAfter(at);
                assertThat(account.isAvailable(until)).isTrue();
              });
    } else {
      assertThat(account.effectiveStatus(at)).isEqualTo(AccountStatus.ACTIVE);
    }
  }

  @Property
  void accountsWaitingForAPersonStayOutWhateverUpstreamSays(
      @ForAll("waitingAccounts") Account waiting,
      @ForAll("upstreamHistories") List<Step> history,
      @ForAll @LongRange(min = 0, max = A_YEAR_IN_NANOS) long nanosLater) {
    Account account = waiting;
    for (Step step : history) {
      account = account.on(step.event(), step.at());
    }

    assertThat(account.state()).isEqualTo(waiting.state());
    assertThat(account.isAvailable(lastTime(history).plusNanos(nanosLater))).isFalse();
  }

  @Property
  void backoffNeverExceedsItsCapAndNeverShrinksWithMoreErrors(
      @ForAll @IntRange(min = 0, max = 100_000) int errors) {
    Duration backoff = ErrorStreak.backoffAfter(errors);

    assertThat(backoff).isBetween(Duration.ZERO, ErrorStreak.MAX_BACKOFF);
    assertThat(ErrorStreak.backoffAfter(errors + 1)).isGreaterThanOrEqualTo(backoff);
  }

  @Property
  void consecutiveErrorsBackOffFromTheLastErrorLongerEachTimeUpToTheCap(
      @ForAll @Size(min = 1, max = 40) List<@LongRange(min = 0, max = 600) Long> gapsInSeconds) {
    Account account = Accounts.active();
    Instant at = NOW;
    Duration previous = Duration.ZERO;
    for (long gap : gapsInSeconds) {
      at = at.plusSeconds(gap);
      account = account.on(new AccountEvent.TransientErrorOccurred(), at);
      Instant lastError = at;
      Duration backoff =
          account
              .errors()
              .backoffUntil()
              .map(u -> Duration.between(lastError, u))
              .orElse(Duration.ZERO);

      assertThat(backoff).isLessThanOrEqualTo(ErrorStreak.MAX_BACKOFF);
      assertThat(backoff).isGreaterThanOrEqualTo(previous);
      previous = backoff;
    }
    assertThat(account.errors().consecutiveErrors()).isEqualTo(gapsInSeconds.size());
  }

  /** One event at one instant. */
  record Step(AccountEvent event, Instant at) {}

  private static Account replay(List<Step> history) {
    Account account = Accounts.active();
    for (Step step : history) {
      account = account.on(step.event(), step.at());
    }
    return account;
  }

  private static Instant lastTime(List<Step> history) {
    return history.isEmpty() ? NOW : history.get(history.size() - 1).at();
  }

  @Provide
  Arbitrary<List<Step>> histories() {
    return steps(Arbitraries.oneOf(upstreamEvents(), authEvents()));
  }

  @Provide
  Arbitrary<List<Step>> upstreamHistories() {
    return steps(upstreamEvents());
  }

  @Provide
  Arbitrary<Account> waitingAccounts() {
    return Arbitraries.of(Accounts.paused(), Accounts.loginDied(), Accounts.deactivated());
  }

  /** Events in time order, seconds to hours apart. */
  private static Arbitrary<List<Step>> steps(Arbitrary<AccountEvent> events) {
    Arbitrary<Long> gaps = Arbitraries.longs().between(0, 20_000);
    return Combinators.combine(events, gaps)
        .as(Gap::new)
        .list()
        .ofMaxSize(25)
        .map(
            gapped -> {
              Instant at = NOW;
              List<Step> steps = new ArrayList<>();
              for (Gap gap : gapped) {
                at = at.plusSeconds(gap.seconds());
                steps.add(new Step(gap.event(), at));
              }
              return steps;
            });
  }

  /** An event some seconds after the one before it. */
  private record Gap(AccountEvent event, long seconds) {}

  /** Events upstream reports, with reset times anywhere from an hour ago to a week ahead. */
  private static Arbitrary<AccountEvent> upstreamEvents() {
    Arbitrary<Instant> resets =
        Arbitraries.longs().between(-3_600, 7 * 86_400).map(NOW::plusSeconds);
    Arbitrary<Double> percents = Arbitraries.doubles().between(0, 120).ofScale(1);
    Arbitrary<UsageWindow> primaries = Combinators.combine(percents, resets).as(Accounts::primary);
    Arbitrary<UsageWindow> secondaries =
        Combinators.combine(percents, resets).as(Accounts::secondary);
    Arbitrary<Credits> credits =
        Arbitraries.of(Credits.NONE, new Credits(true, false, 0), new Credits(false, false, 5));
    Arbitrary<AccountEvent> usage =
        Combinators.combine(primaries.optional(), secondaries.optional(), credits)
            .as((p, s, c) -> new AccountEvent.UsageObserved(new UsageSnapshot(p, s, c)));
    Arbitrary<AccountEvent> rateLimits =
        Combinators.combine(
                resets.optional(),
                Arbitraries.longs().between(0, 7_200).map(Duration::ofSeconds).optional())
            .as(AccountEvent.RateLimitHit::new);
    Arbitrary<AccountEvent> quotas = resets.optional().map(AccountEvent.QuotaExhausted::new);
    return Arbitraries.oneOf(
        usage,
        rateLimits,
        quotas,
        Arbitraries.of(
            new AccountEvent.TransientErrorOccurred(),
            new AccountEvent.RequestSucceeded(),
            new AccountEvent.TokenRefreshFailedTransiently()));
  }

  /** Events about the account's login. */
  private static Arbitrary<AccountEvent> authEvents() {
    return Arbitraries.of(
        new AccountEvent.TokenRefreshSucceeded(),
        new AccountEvent.LoggedInAgain(),
        new AccountEvent.TokenRefreshFailedPermanently(
            PermanentAuthFailure.forErrorCode("token_expired").orElseThrow()),
        new AccountEvent.TokenRefreshFailedPermanently(
            PermanentAuthFailure.forErrorCode("account_suspended").orElseThrow()));
  }
}
