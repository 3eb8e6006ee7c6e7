package io.codexlb.domain.routing;

import static io.codexlb.domain.routing.Pool.NOW;
import static io.codexlb.domain.routing.Pool.active;
import static io.codexlb.domain.routing.Pool.busy;
import static io.codexlb.domain.routing.Pool.fresh;
import static io.codexlb.domain.routing.Pool.id;
import static io.codexlb.domain.routing.Pool.scripted;
import static io.codexlb.domain.routing.Pool.settings;
import static io.codexlb.domain.settings.RoutingStrategy.CAPACITY_WEIGHTED;
import static org.assertj.core.api.Assertions.assertThat;

import io.codexlb.domain.account.PlanType;
import io.codexlb.domain.account.UnavailableReason;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class CapacityWeightedPickerTest {

  // Plus weekly capacity is 7,560 credits: "a" has all of it left, "b" half.
  private final List<Candidate> pool = List.of(active("a", 0), active("b", 50));

  private static PickResult pick(double draw, List<Candidate> pool) {
    return AccountPicker.ofCapacityWeighted(settings(CAPACITY_WEIGHTED), scripted(draw))
        .pick(pool, Set.of(), NOW);
  }

  @Test
  void drawBelowTheFirstWeightPicksTheFirstAccount() {
    assertThat(pick(0.0, pool)).isEqualTo(new PickResult.Picked(id("a")));
    // 0.66 × 11,340 = 7,484.4, still inside a's 7,560.
    assertThat(pick(0.66, pool)).isEqualTo(new PickResult.Picked(id("a")));
  }

  @Test
  void drawPastTheFirstWeightPicksTheNextAccount() {
    // 0.67 × 11,340 = 7,597.8, past a's 7,560.
    assertThat(pick(0.67, pool)).isEqualTo(new PickResult.Picked(id("b")));
    assertThat(pick(0.999_999, pool)).isEqualTo(new PickResult.Picked(id("b")));
  }

  @Test
  void largerPlansWeighMore() {
    List<Candidate> mixed = List.of(fresh("free", PlanType.FREE), fresh("pro", PlanType.PRO));
    // Free 1,134 against Pro 50,400: only the first 2.2% of draws land on the free account.
    assertThat(pick(0.02, mixed)).isEqualTo(new PickResult.Picked(id("free")));
    assertThat(pick(0.03, mixed)).isEqualTo(new PickResult.Picked(id("pro")));
  }

  @Test
  void ineligibleAccountsTakeNoShareOfTheDraw() {
    List<Candidate> withBlocked =
        List.of(
            Pool.unavailable("0-paused", UnavailableReason.PAUSED),
            active("a", 0),
            active("b", 50));
    assertThat(pick(0.67, withBlocked)).isEqualTo(new PickResult.Picked(id("b")));
  }

  @Test
  void inFlightRequestsLowerTheWeight() {
    // 20 in flight × 2.5 points: "a" counts as 50% used, the same weight as "b"; 0.49 lands on a,
    // 0.51 on b. Without the penalty 0.51 would land on a (7,560 of 11,340 is 0.67).
    List<Candidate> loaded = List.of(busy(active("a", 0), 20), active("b", 50));
    AccountPicker picker =
        AccountPicker.ofCapacityWeighted(
            settings(CAPACITY_WEIGHTED, false, 100, 2.5), scripted(0.49, 0.51));
    assertThat(picker.pick(loaded, Set.of(), NOW)).isEqualTo(new PickResult.Picked(id("a")));
    assertThat(picker.pick(loaded, Set.of(), NOW)).isEqualTo(new PickResult.Picked(id("b")));
  }

  @Test
  void zeroWeightAccountsAreNeverDrawnWhileAnotherHasWeight() {
    // "full" has its weekly window used up but is still available (e.g. it has credits).
    List<Candidate> withFull = List.of(active("full", 100), active("b", 90));
    assertThat(pick(0.0, withFull)).isEqualTo(new PickResult.Picked(id("b")));
    assertThat(pick(0.999_999, withFull)).isEqualTo(new PickResult.Picked(id("b")));
  }

  @Test
  void whenNoAccountHasWeightTheLeastUsedIsPicked() {
    List<Candidate> allFull =
        List.of(
            active("x", 120, 10, NOW.plusSeconds(60)), active("y", 100, 50, NOW.plusSeconds(60)));
    assertThat(pick(0.5, allFull)).isEqualTo(new PickResult.Picked(id("y")));
  }

  @Test
  void aSeededGeneratorMakesThePicksReproducible() {
    List<Candidate> many =
        List.of(active("a", 10), active("b", 20), active("c", 30), active("d", 40));
    AccountPicker first =
        AccountPicker.ofCapacityWeighted(settings(CAPACITY_WEIGHTED), new SplittableRandom(42));
    AccountPicker second =
        AccountPicker.ofCapacityWeighted(settings(CAPACITY_WEIGHTED), new SplittableRandom(42));
    for (int i = 0; i < 50; i++) {
      assertThat(first.pick(many, Set.of(), NOW)).isEqualTo(second.pick(many, Set.of(), NOW));
    }
  }

  @Test
  void forSettingsMakesTheConfiguredStrategy() {
    AccountPicker picker = AccountPicker.forSettings(settings(CAPACITY_WEIGHTED), scripted(0.67));
    assertThat(picker.pick(pool, Set.of(), NOW)).isEqualTo(new PickResult.Picked(id("b")));
  }
}
