package io.codexlb.domain.routing;

import static io.codexlb.domain.routing.Pool.NOW;
import static io.codexlb.domain.routing.Pool.active;
import static io.codexlb.domain.routing.Pool.busy;
import static io.codexlb.domain.routing.Pool.id;
import static io.codexlb.domain.routing.Pool.scripted;
import static io.codexlb.domain.routing.Pool.settings;
import static io.codexlb.domain.settings.RoutingStrategy.USAGE_WEIGHTED;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class UsageWeightedPickerTest {

  private static final Instant WEEKLY_RESET = NOW.plusSeconds(3 * 86_400);
  private final AccountPicker picker = AccountPicker.ofUsageWeighted(settings(USAGE_WEIGHTED));

  @Test
  void theLeastWeeklyUsedAccountIsPicked() {
    List<Candidate> pool = List.of(active("a", 60), active("b", 10), active("c", 30));
    assertThat(picker.pick(pool, Set.of(), NOW)).isEqualTo(new PickResult.Picked(id("b")));
  }

  @Test
  void aWeeklyTieIsBrokenByTheFiveHourWindow() {
    List<Candidate> pool =
        List.of(active("a", 10, 70, WEEKLY_RESET), active("b", 10, 20, WEEKLY_RESET));
    assertThat(picker.pick(pool, Set.of(), NOW)).isEqualTo(new PickResult.Picked(id("b")));
  }

  @Test
  void aFullTieIsBrokenByTheLowerId() {
    List<Candidate> pool = List.of(active("b", 10), active("a", 10));
    assertThat(picker.pick(pool, Set.of(), NOW)).isEqualTo(new PickResult.Picked(id("a")));
  }

  @Test
  void inFlightRequestsCountAsUsage() {
    // 5 in flight × 2.5 points lift "a" from 10% to 22.5%, above b's 20%.
    List<Candidate> pool = List.of(busy(active("a", 10), 5), active("b", 20));
    assertThat(picker.pick(pool, Set.of(), NOW)).isEqualTo(new PickResult.Picked(id("b")));
  }

  @Test
  void withoutPenaltyInFlightRequestsDoNotCount() {
    AccountPicker noPenalty = AccountPicker.ofUsageWeighted(settings(USAGE_WEIGHTED, false, 8, 0));
    List<Candidate> pool = List.of(busy(active("a", 10), 5), active("b", 20));
    assertThat(noPenalty.pick(pool, Set.of(), NOW)).isEqualTo(new PickResult.Picked(id("a")));
  }

  @Test
  void forSettingsMakesTheConfiguredStrategy() {
    AccountPicker configured = AccountPicker.forSettings(settings(USAGE_WEIGHTED), scripted());
    List<Candidate> pool = List.of(active("a", 60), active("b", 10));
    assertThat(configured.pick(pool, Set.of(), NOW)).isEqualTo(new PickResult.Picked(id("b")));
  }
}
