package io.codexlb.domain.routing;

import static io.codexlb.domain.routing.Pool.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import io.codexlb.domain.account.Account;
import io.codexlb.domain.account.AccountId;
import io.codexlb.domain.account.AccountState;
import io.codexlb.domain.account.Credits;
import io.codexlb.domain.account.ErrorStreak;
import io.codexlb.domain.account.PermanentAuthFailure;
import io.codexlb.domain.account.PlanType;
import io.codexlb.domain.account.UsageSnapshot;
import io.codexlb.domain.account.UsageWindow;
import io.codexlb.domain.settings.RoutingSettings;
import io.codexlb.domain.settings.RoutingStrategy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * A {@link RoutingTable} answers as the list picker over the same accounts viewed at the same
 * instant, through any sequence of account changes, removals, requests starting and ending,
 * settings changes and time passing.
 */
class RoutingTableProperties {

  private static final int ACCOUNTS = 8;
  private static final int DRAWS = 20;

  /** One generated account, its instants in minutes from the moment it is put. */
  record AccountSpec(
      int state,
      int stateEndsInMinutes,
      int errors,
      int lastErrorMinutesAgo,
      PlanType plan,
      Optional<Double> primaryUsed,
      Optional<Double> secondaryUsed,
      int resetsInMinutes) {

    Account at(String id, Instant now) {
      Instant ends = now.plus(Duration.ofMinutes(stateEndsInMinutes));
      AccountState[] states = {
        AccountState.active(),
        new AccountState.RateLimited(ends),
        new AccountState.QuotaExceeded(ends),
        AccountState.paused(),
        new AccountState.Deactivated(
            PermanentAuthFailure.forErrorCode("refresh_token_invalidated").orElseThrow()),
        new AccountState.Deactivated(
            PermanentAuthFailure.forErrorCode("account_suspended").orElseThrow())
      };
      ErrorStreak streak =
          errors == 0
              ? ErrorStreak.NONE
              : new ErrorStreak(
                  errors, Optional.of(now.minus(Duration.ofMinutes(lastErrorMinutesAgo))));
      Optional<UsageSnapshot> usage = Optional.empty();
      if (primaryUsed.isPresent() || secondaryUsed.isPresent()) {
        Instant weekly = now.plus(Duration.ofMinutes(resetsInMinutes));
        usage =
            Optional.of(
                new UsageSnapshot(
                    primaryUsed.map(
                        used ->
                            new UsageWindow(
                                used, now.plus(Duration.ofMinutes(90)), Duration.ofHours(5))),
                    secondaryUsed.map(used -> new UsageWindow(used, weekly, Duration.ofDays(7))),
                    Credits.NONE));
      }
      return new Account(new AccountId(id), Optional.empty(), plan, states[state], usage, streak);
    }
  }

  /** One step: put, remove, acquire, release, reconfigure, let time pass, or pick. */
  record Step(int kind, int account, AccountSpec spec, int seconds, int excludedMask) {}

  @Provide
  Arbitrary<AccountSpec> accounts() {
    Arbitrary<Optional<Double>> used =
        Arbitraries.of(0.0, 10.0, 50.0, 90.0, 99.9, 100.0, 130.0).optional(0.8);
    return Combinators.combine(
            Arbitraries.frequency(
                net.jqwik.api.Tuple.of(6, 0),
                net.jqwik.api.Tuple.of(2, 1),
                net.jqwik.api.Tuple.of(1, 2),
                net.jqwik.api.Tuple.of(1, 3),
                net.jqwik.api.Tuple.of(1, 4),
                net.jqwik.api.Tuple.of(1, 5)),
            Arbitraries.integers().between(1, 600),
            Arbitraries.of(0, 0, 0, 1, 3, 5, 7),
            Arbitraries.integers().between(0, 10),
            Arbitraries.of(PlanType.class),
            used,
            used,
            // Resets anywhere in the coming week and more, and many near the day boundaries.
            Arbitraries.oneOf(
                Arbitraries.integers().between(-120, 9 * 24 * 60),
                Arbitraries.integers().between(23 * 60, 25 * 60),
                Arbitraries.integers().between(47 * 60, 49 * 60)))
        .as(AccountSpec::new);
  }

  @Provide
  Arbitrary<List<Step>> steps() {
    Arbitrary<Step> step =
        Combinators.combine(
                Arbitraries.frequency(
                    net.jqwik.api.Tuple.of(5, 0),
                    net.jqwik.api.Tuple.of(1, 1),
                    net.jqwik.api.Tuple.of(3, 2),
                    net.jqwik.api.Tuple.of(2, 3),
                    net.jqwik.api.Tuple.of(1, 4),
                    net.jqwik.api.Tuple.of(3, 5),
                    net.jqwik.api.Tuple.of(6, 6)),
                Arbitraries.integers().between(0, ACCOUNTS - 1),
                accounts(),
                Arbitraries.of(0, 1, 30, 59, 600, 3_600, 5 * 3_600, 43_200, 86_400, 2 * 86_400),
                Arbitraries.integers().between(0, (1 << ACCOUNTS) - 1))
            .as(Step::new);
    return step.list().ofMinSize(1).ofMaxSize(60);
  }

  @Provide
  Arbitrary<RoutingSettings> settings() {
    return Combinators.combine(
            Arbitraries.of(RoutingStrategy.class),
            Arbitraries.of(true, false),
            Arbitraries.integers().between(1, 4),
            Arbitraries.of(0.0, 2.5, 30.0))
        .as(
            (strategy, prefer, cap, penalty) ->
                new RoutingSettings(
                    strategy, prefer, true, Duration.ofMinutes(30), cap, penalty, null, 0L));
  }

  @Property(tries = 300)
  void tableAnswersAsTheListPickerOverTheSameAccounts(
      @ForAll("settings") RoutingSettings initial,
      @ForAll("steps") List<Step> steps,
      @ForAll("settings") RoutingSettings later,
      @ForAll long seed) {
    RoutingTable table = RoutingTable.of(initial, new SplittableRandom(seed));
    Model model = new Model(initial, seed);
    Instant now = NOW;
    for (Step step : steps) {
      String id = "acct-" + step.account();
      AccountId accountId = new AccountId(id);
      switch (step.kind()) {
        case 0:
          Account account = step.spec().at(id, now);
          table.put(account);
          model.accounts.put(accountId, account);
          break;
        case 1:
          assertThat(table.remove(accountId)).isEqualTo(model.accounts.remove(accountId) != null);
          model.inFlight.remove(accountId);
          break;
        case 2:
          assertThat(table.acquire(accountId)).isEqualTo(model.accounts.containsKey(accountId));
          if (model.accounts.containsKey(accountId)) {
            model.inFlight.merge(accountId, 1, Integer::sum);
          }
          break;
        case 3:
          if (model.inFlight.getOrDefault(accountId, 0) > 0) {
            assertThat(table.release(accountId)).isTrue();
            model.inFlight.merge(accountId, -1, Integer::sum);
          }
          break;
        case 4:
          table.configure(later);
          model.configure(later);
          break;
        case 5:
          now = now.plusSeconds(step.seconds());
          break;
        default:
          Set<AccountId> excluded = excluded(step.excludedMask());
          model.check(table.pick(excluded, now), excluded, now);
          assertThat(new HashSet<>(table.explain(excluded, now)))
              .isEqualTo(new HashSet<>(model.picker.explain(model.list(now), excluded, now)));
          for (int i = 0; i < ACCOUNTS; i++) {
            AccountId other = new AccountId("acct-" + i);
            assertThat(table.isEligible(other, excluded, now))
                .isEqualTo(model.isEligible(other, excluded, now));
          }
          // A draw changes nothing but the randomness: draw again to see more of its range.
          for (int i = 0; i < DRAWS && model.drawing(); i++) {
            model.check(table.pick(excluded, now), excluded, now);
          }
          break;
      }
      assertThat(table.size()).isEqualTo(model.accounts.size());
    }
    assertThat(new HashSet<>(table.candidates(now))).isEqualTo(new HashSet<>(model.list(now)));
  }

  private static Set<AccountId> excluded(int mask) {
    Set<AccountId> excluded = new HashSet<>();
    for (int i = 0; i < ACCOUNTS; i++) {
      // Mostly no exclusions, as most requests have not failed over.
      if ((mask & (1 << i)) != 0 && mask % 3 == 0) {
        excluded.add(new AccountId("acct-" + i));
      }
    }
    return excluded;
  }

  /** The accounts as the caller keeps them, and the list picker that is the reference. */
  private static final class Model {
    final Map<AccountId, Account> accounts = new HashMap<>();
    final Map<AccountId, Integer> inFlight = new HashMap<>();
    final long seed;
    RoutingSettings settings;
    AccountPicker picker;

    Model(RoutingSettings settings, long seed) {
      this.seed = seed;
      configure(settings);
    }

    void configure(RoutingSettings newSettings) {
      settings = newSettings;
      picker = AccountPicker.forSettings(newSettings, new SplittableRandom(seed));
    }

    boolean drawing() {
      return settings.routingStrategy() == RoutingStrategy.CAPACITY_WEIGHTED;
    }

    List<Candidate> list(Instant now) {
      List<Candidate> list = new ArrayList<>();
      accounts.forEach(
          (id, account) ->
              list.add(new Candidate(account.view(now), inFlight.getOrDefault(id, 0))));
      return list;
    }

    boolean isEligible(AccountId id, Set<AccountId> excluded, Instant now) {
      Account account = accounts.get(id);
      return account != null
          && picker.isEligible(
              new Candidate(account.view(now), inFlight.getOrDefault(id, 0)), excluded);
    }

    void check(PickResult actual, Set<AccountId> excluded, Instant now) {
      List<Candidate> list = list(now);
      if (settings.routingStrategy() != RoutingStrategy.CAPACITY_WEIGHTED) {
        assertThat(actual).isEqualTo(picker.pick(list, excluded, now));
        return;
      }
      Set<AccountId> drawable = drawable(list, excluded, now);
      if (drawable.isEmpty()) {
        // No draw: the usage_weighted fallback or a refusal, both deterministic.
        assertThat(actual).isEqualTo(picker.pick(list, excluded, now));
      } else {
        assertThat(actual).isInstanceOf(PickResult.Picked.class);
        assertThat(drawable).contains(((PickResult.Picked) actual).account());
      }
    }

    /** The accounts the list picker's draw can land on: eligible, weighted, earliest bucket. */
    Set<AccountId> drawable(List<Candidate> list, Set<AccountId> excluded, Instant now) {
      Rules rules = Rules.of(settings);
      long nowSecond = now.getEpochSecond();
      long minBucket = Long.MAX_VALUE;
      for (Candidate candidate : list) {
        if (rules.isEligible(candidate, excluded, true) && rules.weight(candidate) > 0) {
          minBucket = Math.min(minBucket, rules.bucket(candidate, nowSecond));
        }
      }
      Set<AccountId> drawable = new HashSet<>();
      for (Candidate candidate : list) {
        if (rules.isEligible(candidate, excluded, true)
            && rules.weight(candidate) > 0
            && rules.bucket(candidate, nowSecond) == minBucket) {
          drawable.add(candidate.view().id());
        }
      }
      return drawable;
    }
  }
}
