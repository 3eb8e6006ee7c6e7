package io.codexlb.domain.routing;

import static io.codexlb.domain.routing.Pool.NOW;
import static io.codexlb.domain.routing.Pool.active;
import static io.codexlb.domain.routing.Pool.busy;
import static io.codexlb.domain.routing.Pool.id;
import static io.codexlb.domain.routing.Pool.scripted;
import static io.codexlb.domain.routing.Pool.settings;
import static io.codexlb.domain.routing.Pool.unavailable;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.codexlb.domain.account.UnavailableReason;
import io.codexlb.domain.settings.RoutingStrategy;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Exclusion after failure, the concurrency cap, and the explanation of each account. */
class EligibilityTest {

  private static final Instant RESET = NOW.plusSeconds(600);

  @Test
  void anAccountThatFailedForThisRequestIsNotPickedAgain() {
    AccountPicker picker = AccountPicker.ofUsageWeighted(settings(RoutingStrategy.USAGE_WEIGHTED));
    List<Candidate> pool = List.of(active("a", 0), active("b", 50));
    assertThat(picker.pick(pool, Set.of(id("a")), NOW)).isEqualTo(new PickResult.Picked(id("b")));
  }

  @Test
  void anAccountAtTheConcurrencyCapIsSkippedAndOneBelowItIsNot() {
    AccountPicker picker =
        AccountPicker.ofUsageWeighted(settings(RoutingStrategy.USAGE_WEIGHTED, false, 3, 0));
    List<Candidate> atCap = List.of(busy(active("a", 0), 3), active("b", 50));
    List<Candidate> belowCap = List.of(busy(active("a", 0), 2), active("b", 50));
    assertThat(picker.pick(atCap, Set.of(), NOW)).isEqualTo(new PickResult.Picked(id("b")));
    assertThat(picker.pick(belowCap, Set.of(), NOW)).isEqualTo(new PickResult.Picked(id("a")));
  }

  @Test
  void theExplanationSaysWhyEachAccountIsOrIsNotEligible() {
    AccountPicker picker =
        AccountPicker.ofCapacityWeighted(
            settings(RoutingStrategy.CAPACITY_WEIGHTED, false, 4, 2.5), scripted());
    List<Candidate> pool =
        List.of(
            busy(active("ok", 50), 2),
            unavailable("limited", UnavailableReason.RATE_LIMITED, RESET),
            unavailable("backoff", UnavailableReason.ERROR_BACKOFF, RESET),
            unavailable("paused", UnavailableReason.PAUSED),
            busy(active("busy", 0), 4),
            active("failed", 0));

    List<Eligibility> lines = picker.explain(pool, Set.of(id("failed")), NOW);

    // "ok": 50% + 2 × 2.5 = 55% used, so 45% of 7,560 credits left.
    assertThat(lines)
        .containsExactly(
            new Eligibility(
                id("ok"),
                true,
                EligibilityReason.ELIGIBLE,
                Optional.empty(),
                2,
                OptionalDouble.of(7_560 * (1 - 55.0 * 0.01))),
            new Eligibility(
                id("limited"),
                false,
                EligibilityReason.RATE_LIMITED,
                Optional.of(RESET),
                0,
                OptionalDouble.empty()),
            new Eligibility(
                id("backoff"),
                false,
                EligibilityReason.ERROR_BACKOFF,
                Optional.of(RESET),
                0,
                OptionalDouble.empty()),
            new Eligibility(
                id("paused"),
                false,
                EligibilityReason.PAUSED,
                Optional.empty(),
                0,
                OptionalDouble.empty()),
            new Eligibility(
                id("busy"),
                false,
                EligibilityReason.CONCURRENCY_CAP,
                Optional.empty(),
                4,
                OptionalDouble.empty()),
            new Eligibility(
                id("failed"),
                false,
                EligibilityReason.EXCLUDED_AFTER_FAILURE,
                Optional.empty(),
                0,
                OptionalDouble.empty()));
  }

  @Test
  void anAccountsOwnConditionExplainsItBeforeExclusionAndTheCap() {
    AccountPicker picker =
        AccountPicker.ofFillFirst(settings(RoutingStrategy.FILL_FIRST, false, 1, 0));
    Candidate limitedAndBusy = busy(unavailable("a", UnavailableReason.QUOTA_EXCEEDED, RESET), 1);
    Candidate failedAndBusy = busy(active("b", 0), 1);
    List<Eligibility> lines =
        picker.explain(List.of(limitedAndBusy, failedAndBusy), Set.of(id("a"), id("b")), NOW);
    assertThat(lines)
        .extracting(Eligibility::reason)
        .containsExactly(
            EligibilityReason.QUOTA_EXCEEDED, EligibilityReason.EXCLUDED_AFTER_FAILURE);
  }

  @Test
  void usageWeightedExplainsWithTheEffectiveWeeklyUse() {
    AccountPicker picker = AccountPicker.ofUsageWeighted(settings(RoutingStrategy.USAGE_WEIGHTED));
    List<Eligibility> lines = picker.explain(List.of(busy(active("a", 10), 2)), Set.of(), NOW);
    assertThat(lines.get(0).score()).hasValue(15.0);
  }

  @Test
  void roundRobinAndFillFirstHaveNoScore() {
    List<Candidate> pool = List.of(active("a", 10));
    assertThat(
            AccountPicker.ofRoundRobin(settings(RoutingStrategy.ROUND_ROBIN))
                .explain(pool, Set.of(), NOW)
                .get(0)
                .score())
        .isEmpty();
    assertThat(
            AccountPicker.ofFillFirst(settings(RoutingStrategy.FILL_FIRST))
                .explain(pool, Set.of(), NOW)
                .get(0)
                .score())
        .isEmpty();
  }

  @Test
  void anExplanationLineAgreesWithItself() {
    assertThatThrownBy(
            () ->
                new Eligibility(
                    id("a"),
                    true,
                    EligibilityReason.PAUSED,
                    Optional.empty(),
                    0,
                    OptionalDouble.empty()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("eligible: true (expected: false)");
  }

  @Test
  void aNegativeInFlightCountIsAProgrammingError() {
    assertThatThrownBy(() -> busy(active("a", 0), -1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("inFlight: -1 (expected: >= 0)");
  }
}
