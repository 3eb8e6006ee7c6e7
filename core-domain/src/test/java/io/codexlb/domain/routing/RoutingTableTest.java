package io.codexlb.domain.routing;

import static io.codexlb.domain.routing.Pool.NOW;
import static io.codexlb.domain.routing.Pool.id;
import static io.codexlb.domain.routing.Pool.settings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.codexlb.domain.account.Account;
import io.codexlb.domain.account.AccountId;
import io.codexlb.domain.account.AccountState;
import io.codexlb.domain.account.Credits;
import io.codexlb.domain.account.ErrorStreak;
import io.codexlb.domain.account.PlanType;
import io.codexlb.domain.account.UsageSnapshot;
import io.codexlb.domain.account.UsageWindow;
import io.codexlb.domain.settings.RoutingStrategy;
import io.codexlb.domain.sticky.StickyKey;
import io.codexlb.domain.sticky.StickyPolicy;
import io.codexlb.domain.sticky.StickySessions;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RoutingTableTest {

  private final RoutingTable table =
      RoutingTable.of(
          settings(RoutingStrategy.CAPACITY_WEIGHTED, true, 2, 2.5), new SplittableRandom(42));

  /** A Plus account with the given weekly use, its weekly window resetting at {@code resetsAt}. */
  private static Account account(String id, double weeklyUsed, Instant resetsAt) {
    UsageSnapshot usage =
        new UsageSnapshot(
            Optional.empty(),
            Optional.of(new UsageWindow(weeklyUsed, resetsAt, Duration.ofDays(7))),
            Credits.NONE);
    return new Account(
        id(id),
        Optional.empty(),
        PlanType.PLUS,
        AccountState.active(),
        Optional.of(usage),
        ErrorStreak.NONE);
  }

  private static Account account(String id, AccountState state, ErrorStreak errors) {
    return new Account(id(id), Optional.empty(), PlanType.PLUS, state, Optional.empty(), errors);
  }

  private Set<AccountId> picks(int draws, Instant now) {
    Set<AccountId> picked = new HashSet<>();
    for (int i = 0; i < draws; i++) {
      picked.add(((PickResult.Picked) table.pick(Set.of(), now)).account());
    }
    return picked;
  }

  @Test
  void anEmptyTableRefusesWithNoAccounts() {
    assertThat(table.pick(Set.of(), NOW))
        .isEqualTo(new PickResult.Refused(RefusalReason.NO_ACCOUNTS, Optional.empty()));
  }

  @Test
  void rateLimitedAccountRecoversAtItsResetTime() {
    Instant until = NOW.plusSeconds(600);
    table.put(account("a", new AccountState.RateLimited(until), ErrorStreak.NONE));

    assertThat(table.pick(Set.of(), until.minusNanos(1)))
        .isEqualTo(new PickResult.Refused(RefusalReason.ALL_LIMITED, Optional.of(until)));
    assertThat(table.pick(Set.of(), until)).isEqualTo(new PickResult.Picked(id("a")));
  }

  @Test
  void errorBackoffEndsByItself() {
    ErrorStreak errors =
        new ErrorStreak(ErrorStreak.BACKOFF_THRESHOLD, Optional.of(NOW.minusSeconds(1)));
    table.put(account("a", AccountState.active(), errors));
    Instant ends = errors.backoffUntil().orElseThrow();

    assertThat(table.pick(Set.of(), NOW))
        .isEqualTo(new PickResult.Refused(RefusalReason.NONE_AVAILABLE, Optional.of(ends)));
    assertThat(table.pick(Set.of(), ends)).isEqualTo(new PickResult.Picked(id("a")));
  }

  @Test
  void onlyTheEarliestResetDayIsDrawnFrom() {
    table.put(account("soon", 90, NOW.plus(Duration.ofHours(20))));
    table.put(account("later", 0, NOW.plus(Duration.ofHours(30))));

    assertThat(picks(50, NOW)).containsExactly(id("soon"));
  }

  @Test
  void accountsResettingOnTheSameDayShareTheDraw() {
    table.put(account("a", 50, NOW.plus(Duration.ofHours(47))));
    table.put(account("b", 50, NOW.plus(Duration.ofHours(49))));

    // 1 day 23 hours and 2 days 1 hour: different days now, the same day two hours later.
    assertThat(picks(50, NOW)).containsExactly(id("a"));
    assertThat(picks(50, NOW.plus(Duration.ofHours(2))))
        .containsExactlyInAnyOrder(id("a"), id("b"));
  }

  @Test
  void aWeeklyWindowThatResetsGoesToTheLastBucket() {
    // At its reset instant the window is fresh but its next reset unknown: preferred last.
    table.put(account("resetting", 0, NOW));
    table.put(account("next-week", 50, NOW.plus(Duration.ofDays(6))));

    assertThat(picks(50, NOW)).containsExactly(id("next-week"));
    table.remove(id("next-week"));
    assertThat(picks(5, NOW)).containsExactly(id("resetting"));
  }

  @Test
  void anExcludedAccountIsSkippedForThatPickOnly() {
    table.put(account("a", 0, NOW.plus(Duration.ofDays(3))));
    table.put(account("b", 0, NOW.plus(Duration.ofDays(3))));

    for (int i = 0; i < 50; i++) {
      assertThat(table.pick(Set.of(id("a")), NOW)).isEqualTo(new PickResult.Picked(id("b")));
    }
    assertThat(picks(50, NOW)).containsExactlyInAnyOrder(id("a"), id("b"));
    assertThat(table.pick(Set.of(id("a"), id("b")), NOW))
        .isEqualTo(new PickResult.Refused(RefusalReason.NONE_AVAILABLE, Optional.empty()));
  }

  @Test
  void anAccountAtItsConcurrencyCapWaitsForARelease() {
    table.put(account("a", 0, NOW.plus(Duration.ofDays(3))));
    table.acquire(id("a"));
    table.acquire(id("a"));

    assertThat(table.pick(Set.of(), NOW))
        .isEqualTo(new PickResult.Refused(RefusalReason.ALL_BUSY, Optional.empty()));
    assertThat(table.isEligible(id("a"), Set.of(), NOW)).isFalse();
    table.release(id("a"));
    assertThat(table.pick(Set.of(), NOW)).isEqualTo(new PickResult.Picked(id("a")));
  }

  @Test
  void pickAndAcquireCountsTheRequestAgainstTheCap() {
    table.put(account("a", 0, NOW.plus(Duration.ofDays(3))));

    assertThat(table.pickAndAcquire(Set.of(), NOW)).isEqualTo(new PickResult.Picked(id("a")));
    assertThat(table.pickAndAcquire(Set.of(), NOW)).isEqualTo(new PickResult.Picked(id("a")));
    assertThat(table.pickAndAcquire(Set.of(), NOW)).isInstanceOf(PickResult.Refused.class);
    assertThat(table.candidates(NOW)).extracting(Candidate::inFlight).containsExactly(2);
  }

  @Test
  void weightlessAccountsFallBackToTheLeastUsed() {
    table.put(account("full", 130, NOW.plus(Duration.ofDays(3))));
    table.put(account("fuller", 150, NOW.plus(Duration.ofDays(2))));

    assertThat(table.pick(Set.of(), NOW)).isEqualTo(new PickResult.Picked(id("fuller")));
  }

  @Test
  void removingAnAccountKeepsTheOthersDrawable() {
    for (int i = 0; i < 5; i++) {
      table.put(account("acct-" + i, 10 * i, NOW.plus(Duration.ofDays(3))));
    }

    assertThat(table.remove(id("acct-1"))).isTrue();
    assertThat(table.remove(id("acct-1"))).isFalse();
    assertThat(table.size()).isEqualTo(4);
    assertThat(picks(200, NOW))
        .containsExactlyInAnyOrder(id("acct-0"), id("acct-2"), id("acct-3"), id("acct-4"));
  }

  @Test
  void aReleaseAfterTheAccountLeftIsIgnoredButAnUnmatchedOneIsAnError() {
    table.put(account("a", 0, NOW.plus(Duration.ofDays(3))));
    table.acquire(id("a"));
    table.remove(id("a"));

    assertThat(table.release(id("a"))).isFalse();
    assertThat(table.acquire(id("a"))).isFalse();
    table.put(account("a", 0, NOW.plus(Duration.ofDays(3))));
    assertThatThrownBy(() -> table.release(id("a")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("inFlight of a: 0");
  }

  @Test
  void putKeepsTheRequestsInFlight() {
    table.put(account("a", 0, NOW.plus(Duration.ofDays(3))));
    table.acquire(id("a"));
    table.put(account("a", 20, NOW.plus(Duration.ofDays(3))));

    assertThat(table.candidates(NOW)).extracting(Candidate::inFlight).containsExactly(1);
  }

  @Test
  void aLimitWhoseEndMovesWithEveryReportStillEndsOnTime() {
    // Each put moves the end a second later, leaving a superseded entry behind in the time queue,
    // which the table clears out now and then; whatever the number of reports, the last end holds.
    for (int reports = 1; reports <= 60; reports++) {
      RoutingTable limited =
          RoutingTable.of(settings(RoutingStrategy.CAPACITY_WEIGHTED), new SplittableRandom(1));
      Instant until = NOW;
      for (int i = 1; i <= reports; i++) {
        until = NOW.plusSeconds(i);
        limited.put(account("a", new AccountState.RateLimited(until), ErrorStreak.NONE));
      }

      assertThat(limited.pick(Set.of(), until.minusNanos(1)))
          .isEqualTo(new PickResult.Refused(RefusalReason.ALL_LIMITED, Optional.of(until)));
      assertThat(limited.pick(Set.of(), until)).isEqualTo(new PickResult.Picked(id("a")));
    }
  }

  @Test
  void anInstantBeforeTheLatestIsTakenAsTheLatest() {
    Instant until = NOW.plusSeconds(60);
    table.put(account("a", new AccountState.RateLimited(until), ErrorStreak.NONE));
    table.pick(Set.of(), until);

    assertThat(table.pick(Set.of(), NOW)).isEqualTo(new PickResult.Picked(id("a")));
  }

  @Test
  void newSettingsApplyToTheAccountsAlreadyThere() {
    table.put(account("b", 0, NOW.plus(Duration.ofDays(3))));
    table.put(account("a", 90, NOW.plus(Duration.ofDays(3))));

    table.configure(settings(RoutingStrategy.FILL_FIRST, false, 2, 2.5));

    assertThat(table.pick(Set.of(), NOW)).isEqualTo(new PickResult.Picked(id("a")));
    assertThat(table.explain(Set.of(), NOW)).hasSize(2).allMatch(Eligibility::eligible);
  }

  @Test
  void drawsFollowTheWeightsWithinTheBucket() {
    // Weights 4 : 3 : 2 : 1 by weekly use; one account in a later bucket is never drawn.
    Instant reset = NOW.plus(Duration.ofDays(2));
    double[] used = {20, 40, 60, 80};
    for (int i = 0; i < used.length; i++) {
      table.put(account("acct-" + i, used[i], reset));
    }
    table.put(account("later", 0, NOW.plus(Duration.ofDays(5))));
    Map<AccountId, Integer> counts = new HashMap<>();
    int draws = 100_000;
    for (int i = 0; i < draws; i++) {
      counts.merge(((PickResult.Picked) table.pick(Set.of(), NOW)).account(), 1, Integer::sum);
    }

    assertThat(counts).doesNotContainKey(id("later"));
    for (int i = 0; i < used.length; i++) {
      double expected = (100 - used[i]) / 200.0;
      // Five standard deviations of a binomial share at this many draws: about 0.007.
      assertThat(counts.get(id("acct-" + i)) / (double) draws)
          .isCloseTo(expected, org.assertj.core.data.Offset.offset(0.007));
    }
  }

  @Test
  void aStickyKeyStaysOnItsAccountUntilItReachesItsCap() {
    StickySessions sessions = StickySessions.create(new StickyPolicy(true, Duration.ofMinutes(30)));
    StickyKey key = new StickyKey("conversation-1");
    table.put(account("a", 90, NOW.plus(Duration.ofDays(3))));
    table.put(account("b", 0, NOW.plus(Duration.ofDays(3))));
    sessions.pin(key, id("a"), NOW);

    assertThat(StickyRouting.pick(sessions, Optional.of(key), table, Set.of(), NOW))
        .isEqualTo(new PickResult.Picked(id("a")));
    table.acquire(id("a"));
    table.acquire(id("a"));
    assertThat(StickyRouting.pick(sessions, Optional.of(key), table, Set.of(), NOW))
        .isEqualTo(new PickResult.Picked(id("b")));
    assertThat(sessions.lookup(key, NOW)).contains(id("b"));
  }
}
