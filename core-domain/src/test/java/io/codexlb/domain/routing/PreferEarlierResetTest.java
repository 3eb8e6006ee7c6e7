package io.codexlb.domain.routing;

import static io.codexlb.domain.routing.Pool.NOW;
import static io.codexlb.domain.routing.Pool.active;
import static io.codexlb.domain.routing.Pool.fresh;
import static io.codexlb.domain.routing.Pool.id;
import static io.codexlb.domain.routing.Pool.scripted;
import static io.codexlb.domain.routing.Pool.settings;
import static org.assertj.core.api.Assertions.assertThat;

import io.codexlb.domain.account.PlanType;
import io.codexlb.domain.settings.RoutingStrategy;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PreferEarlierResetTest {

  private static final Instant IN_2_HOURS = NOW.plus(Duration.ofHours(2));
  private static final Instant IN_20_HOURS = NOW.plus(Duration.ofHours(20));
  private static final Instant IN_3_DAYS = NOW.plus(Duration.ofDays(3));

  // "late" is barely used but resets in 3 days; "soon" and "sooner" reset within the next day.
  private final List<Candidate> pool =
      List.of(
          active("late", 0, 0, IN_3_DAYS),
          active("soon", 80, 0, IN_20_HOURS),
          active("sooner", 60, 0, IN_2_HOURS));

  private static AccountPicker picker(RoutingStrategy strategy, boolean prefer, double... draws) {
    return AccountPicker.forSettings(settings(strategy, prefer, 8, 2.5), scripted(draws));
  }

  @Test
  void capacityWeightedDrawsOnlyAmongAccountsResettingOnTheEarliestDay() {
    // Within the first day: sooner 40% of 7,560 = 3,024 and soon 20% = 1,512; "late" is out.
    AccountPicker picker = picker(RoutingStrategy.CAPACITY_WEIGHTED, true, 0.0, 0.999_999);
    assertThat(picker.pick(pool, Set.of(), NOW)).isEqualTo(new PickResult.Picked(id("soon")));
    assertThat(picker.pick(pool, Set.of(), NOW)).isEqualTo(new PickResult.Picked(id("sooner")));
  }

  @Test
  void withoutTheSettingTheUnusedLateAccountDominates() {
    // All three share one bucket; "late" is first in the list, so a draw of 0 lands on it.
    AccountPicker picker = picker(RoutingStrategy.CAPACITY_WEIGHTED, false, 0.0);
    assertThat(picker.pick(pool, Set.of(), NOW)).isEqualTo(new PickResult.Picked(id("late")));
  }

  @Test
  void usageWeightedPicksTheLeastUsedOfTheEarliestDay() {
    assertThat(picker(RoutingStrategy.USAGE_WEIGHTED, true).pick(pool, Set.of(), NOW))
        .isEqualTo(new PickResult.Picked(id("sooner")));
    assertThat(picker(RoutingStrategy.USAGE_WEIGHTED, false).pick(pool, Set.of(), NOW))
        .isEqualTo(new PickResult.Picked(id("late")));
  }

  @Test
  void fillFirstFillsTheEarliestResettingAccountsFirst() {
    List<Candidate> byId = List.of(active("a", 0, 0, IN_3_DAYS), active("b", 0, 0, IN_20_HOURS));
    assertThat(picker(RoutingStrategy.FILL_FIRST, true).pick(byId, Set.of(), NOW))
        .isEqualTo(new PickResult.Picked(id("b")));
    assertThat(picker(RoutingStrategy.FILL_FIRST, false).pick(byId, Set.of(), NOW))
        .isEqualTo(new PickResult.Picked(id("a")));
  }

  @Test
  void accountsWithAnUnknownWeeklyResetComeLast() {
    List<Candidate> mixed =
        List.of(fresh("unknown", PlanType.PRO), active("known", 90, 0, IN_3_DAYS));
    assertThat(picker(RoutingStrategy.CAPACITY_WEIGHTED, true, 0.0).pick(mixed, Set.of(), NOW))
        .isEqualTo(new PickResult.Picked(id("known")));
  }

  @Test
  void anAccountWithNoWeightLeftDoesNotHoldTheEarliestDay() {
    // "spent" resets first but has no weight; the draw goes to the accounts with weight.
    List<Candidate> withSpent =
        List.of(active("spent", 100, 0, IN_2_HOURS), active("late", 50, 0, IN_3_DAYS));
    assertThat(picker(RoutingStrategy.CAPACITY_WEIGHTED, true, 0.0).pick(withSpent, Set.of(), NOW))
        .isEqualTo(new PickResult.Picked(id("late")));
  }

  @Test
  void roundRobinIgnoresTheSetting() {
    AccountPicker picker = picker(RoutingStrategy.ROUND_ROBIN, true);
    assertThat(picker.pick(pool, Set.of(), NOW)).isEqualTo(new PickResult.Picked(id("late")));
  }
}
