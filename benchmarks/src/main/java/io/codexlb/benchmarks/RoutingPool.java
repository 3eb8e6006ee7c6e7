package io.codexlb.benchmarks;

import io.codexlb.domain.account.Account;
import io.codexlb.domain.account.AccountId;
import io.codexlb.domain.account.AccountState;
import io.codexlb.domain.account.Credits;
import io.codexlb.domain.account.ErrorStreak;
import io.codexlb.domain.account.PlanType;
import io.codexlb.domain.account.UsageSnapshot;
import io.codexlb.domain.account.UsageWindow;
import io.codexlb.domain.settings.RoutingSettings;
import io.codexlb.domain.settings.RoutingStrategy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.SplittableRandom;

/**
 * The pool the routing benchmarks pick from: mixed plans, weekly use from 0 to 95%, weekly resets
 * spread over the coming week, 0 to 2 requests in flight, and about 3% of the accounts ineligible
 * (rate limited, paused, or at the default concurrency cap of 8). The same seed every run.
 */
final class RoutingPool {

  static final Instant NOW = Instant.parse("2026-11-27T12:00:00Z");

  /** One account and its requests in flight. */
  record Member(Account account, int inFlight) {}

  private RoutingPool() {}

  /** {@code size} accounts in a shuffled order. */
  static List<Member> of(int size) {
    SplittableRandom random = new SplittableRandom(7);
    PlanType[] plans = {PlanType.PLUS, PlanType.PLUS, PlanType.PRO, PlanType.TEAM, PlanType.FREE};
    List<Member> pool = new ArrayList<>(size);
    for (int i = 0; i < size; i++) {
      int roll = random.nextInt(100);
      AccountState state = AccountState.active();
      if (roll == 0) {
        state = new AccountState.RateLimited(NOW.plusSeconds(600));
      } else if (roll == 1) {
        state = AccountState.paused();
      }
      // roll == 2: at the default cap of 8 in flight; otherwise a light load.
      int inFlight = roll == 2 ? 8 : random.nextInt(3);
      UsageWindow primary =
          new UsageWindow(
              random.nextInt(90), NOW.plusSeconds(random.nextLong(5 * 3_600)), Duration.ofHours(5));
      UsageWindow secondary =
          new UsageWindow(
              random.nextInt(96), NOW.plusSeconds(random.nextLong(7 * 86_400)), Duration.ofDays(7));
      Account account =
          new Account(
              new AccountId("acct-" + i),
              Optional.empty(),
              plans[random.nextInt(plans.length)],
              state,
              Optional.of(
                  new UsageSnapshot(Optional.of(primary), Optional.of(secondary), Credits.NONE)),
              ErrorStreak.NONE);
      pool.add(new Member(account, inFlight));
    }
    Collections.shuffle(pool, new Random(11));
    return pool;
  }

  /** The defaults (cap 8, penalty 2.5 points) with {@code prefer_earlier_reset} on. */
  static RoutingSettings settings(RoutingStrategy strategy) {
    return new RoutingSettings(strategy, true, true, Duration.ofMinutes(30), 8, 2.5, null, 0L);
  }
}
