package io.codexlb.domain.routing;

import static io.codexlb.domain.routing.Pool.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import io.codexlb.domain.account.AccountId;
import io.codexlb.domain.account.AccountStatus;
import io.codexlb.domain.account.AccountView;
import io.codexlb.domain.account.Availability;
import io.codexlb.domain.account.PlanType;
import io.codexlb.domain.account.UnavailableReason;
import io.codexlb.domain.account.UsageWindow;
import io.codexlb.domain.settings.RoutingSettings;
import io.codexlb.domain.settings.RoutingStrategy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** Invariants of every strategy over any pool, failures, settings and randomness. */
class AccountPickerProperties {

  /** One generated account: its condition, use, reset, plan and load. */
  record Spec(
      Optional<UnavailableReason> unavailable,
      double secondaryUsed,
      long resetInMinutes,
      PlanType plan,
      int inFlight,
      boolean failed) {}

  @Provide
  Arbitrary<List<Spec>> pools() {
    Arbitrary<Optional<UnavailableReason>> condition =
        Arbitraries.frequencyOf(
            net.jqwik.api.Tuple.of(3, Arbitraries.just(Optional.<UnavailableReason>empty())),
            net.jqwik.api.Tuple.of(2, Arbitraries.of(UnavailableReason.class).map(Optional::of)));
    Arbitrary<Spec> spec =
        Combinators.combine(
                condition,
                Arbitraries.of(0.0, 25.0, 50.0, 99.0, 100.0, 130.0),
                Arbitraries.longs().between(-60, 14 * 24 * 60),
                Arbitraries.of(PlanType.class),
                Arbitraries.integers().between(0, 10),
                Arbitraries.of(false, false, false, true))
            .as(Spec::new);
    return spec.list().ofMaxSize(12);
  }

  private static List<Candidate> candidates(List<Spec> specs) {
    List<Candidate> candidates = new ArrayList<>();
    for (int i = 0; i < specs.size(); i++) {
      Spec spec = specs.get(i);
      Optional<java.time.Instant> until = Optional.of(NOW.plusSeconds(60L * (i + 1)));
      Availability availability =
          spec.unavailable()
              .<Availability>map(
                  reason ->
                      new Availability.Unavailable(
                          reason, reason.endsByItself() ? until : Optional.empty()))
              .orElse(Availability.Available.INSTANCE);
      UsageWindow secondary =
          new UsageWindow(
              spec.secondaryUsed(),
              NOW.plus(Duration.ofMinutes(spec.resetInMinutes())),
              Duration.ofDays(7));
      AccountView view =
          new AccountView(
              new AccountId("acct-" + i),
              spec.plan(),
              AccountStatus.ACTIVE,
              availability,
              Optional.empty(),
              Optional.of(secondary),
              0);
      candidates.add(new Candidate(view, spec.inFlight()));
    }
    return candidates;
  }

  private static Set<AccountId> failed(List<Spec> specs) {
    Set<AccountId> failed = new HashSet<>();
    for (int i = 0; i < specs.size(); i++) {
      if (specs.get(i).failed()) {
        failed.add(new AccountId("acct-" + i));
      }
    }
    return failed;
  }

  private static AccountPicker picker(
      RoutingStrategy strategy, boolean prefer, int cap, long seed) {
    RoutingSettings settings =
        new RoutingSettings(strategy, prefer, true, Duration.ofMinutes(30), cap, 2.5, null, 0L);
    return AccountPicker.forSettings(settings, new SplittableRandom(seed));
  }

  @Property
  void aPickIsAnEligibleAccountAndARefusalMeansNoneWas(
      @ForAll("pools") List<Spec> specs,
      @ForAll RoutingStrategy strategy,
      @ForAll boolean prefer,
      @ForAll @IntRange(min = 1, max = 10) int cap,
      @ForAll long seed) {
    List<Candidate> candidates = candidates(specs);
    Set<AccountId> failed = failed(specs);
    AccountPicker picker = picker(strategy, prefer, cap, seed);
    List<Eligibility> lines = picker.explain(candidates, failed, NOW);
    Set<AccountId> eligible = new HashSet<>();
    for (Eligibility line : lines) {
      if (line.eligible()) {
        eligible.add(line.account());
      }
    }

    PickResult result = picker.pick(candidates, failed, NOW);

    if (result instanceof PickResult.Picked picked) {
      assertThat(eligible).contains(picked.account());
      assertThat(failed).doesNotContain(picked.account());
    } else {
      PickResult.Refused refused = (PickResult.Refused) result;
      assertThat(refused.reason()).isNotNull();
      assertThat(eligible).isEmpty();
      assertThat(refused.reason() == RefusalReason.NO_ACCOUNTS).isEqualTo(candidates.isEmpty());
    }
  }

  @Property
  void capacityWeightedNeverPicksAZeroWeightAccountWhileOneHasWeight(
      @ForAll("pools") List<Spec> specs,
      @ForAll boolean prefer,
      @ForAll @IntRange(min = 1, max = 10) int cap,
      @ForAll long seed) {
    List<Candidate> candidates = candidates(specs);
    Set<AccountId> failed = failed(specs);
    AccountPicker picker = picker(RoutingStrategy.CAPACITY_WEIGHTED, prefer, cap, seed);
    List<Eligibility> lines = picker.explain(candidates, failed, NOW);
    boolean anyWeight = false;
    Set<AccountId> weightless = new HashSet<>();
    for (Eligibility line : lines) {
      if (line.eligible() && line.score().getAsDouble() > 0) {
        anyWeight = true;
      } else {
        weightless.add(line.account());
      }
    }

    PickResult result = picker.pick(candidates, failed, NOW);

    if (anyWeight) {
      assertThat(result).isInstanceOf(PickResult.Picked.class);
      assertThat(weightless).doesNotContain(((PickResult.Picked) result).account());
    }
  }

  @Property
  void everyEligibleAccountCanBeDrawn(
      @ForAll @Size(min = 1, max = 8) List<@IntRange(min = 0, max = 99) Integer> usedPercents) {
    // Each account's own slice of [0, 1) is reachable: the walk covers the whole running total.
    List<Candidate> candidates = new ArrayList<>();
    double total = 0;
    for (int i = 0; i < usedPercents.size(); i++) {
      candidates.add(Pool.active("acct-" + i, usedPercents.get(i)));
      total += 7_560 * (1 - usedPercents.get(i) / 100.0);
    }
    double start = 0;
    for (int i = 0; i < usedPercents.size(); i++) {
      double weight = 7_560 * (1 - usedPercents.get(i) / 100.0);
      double middle = (start + weight / 2) / total;
      AccountPicker picker =
          AccountPicker.ofCapacityWeighted(
              Pool.settings(RoutingStrategy.CAPACITY_WEIGHTED), Pool.scripted(middle));
      assertThat(picker.pick(candidates, Set.of(), NOW))
          .isEqualTo(new PickResult.Picked(new AccountId("acct-" + i)));
      start += weight;
    }
  }
}
