package io.codexlb.domain.routing;

import static io.codexlb.domain.routing.Pool.NOW;
import static io.codexlb.domain.routing.Pool.active;
import static io.codexlb.domain.routing.Pool.id;
import static io.codexlb.domain.routing.Pool.scripted;
import static io.codexlb.domain.routing.Pool.settings;
import static io.codexlb.domain.settings.RoutingStrategy.ROUND_ROBIN;
import static org.assertj.core.api.Assertions.assertThat;

import io.codexlb.domain.account.AccountId;
import io.codexlb.domain.account.UnavailableReason;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RoundRobinPickerTest {

  private final AccountPicker picker = AccountPicker.ofRoundRobin(settings(ROUND_ROBIN));

  private List<AccountId> picks(List<Candidate> pool, int times) {
    List<AccountId> picked = new ArrayList<>();
    for (int i = 0; i < times; i++) {
      picked.add(((PickResult.Picked) picker.pick(pool, Set.of(), NOW)).account());
    }
    return picked;
  }

  @Test
  void accountsTakeTurnsInIdOrderWhateverTheListOrder() {
    List<Candidate> pool = List.of(active("c", 0), active("a", 90), active("b", 10));
    assertThat(picks(pool, 5)).containsExactly(id("a"), id("b"), id("c"), id("a"), id("b"));
  }

  @Test
  void anIneligibleAccountLosesItsTurn() {
    List<Candidate> pool =
        List.of(active("a", 0), Pool.unavailable("b", UnavailableReason.PAUSED), active("c", 0));
    assertThat(picks(pool, 3)).containsExactly(id("a"), id("c"), id("a"));
  }

  @Test
  void turnsContinueAfterTheLastPickWhenThePoolChanges() {
    assertThat(picks(List.of(active("a", 0), active("b", 0)), 2)).containsExactly(id("a"), id("b"));
    // "b" was last; a newly added "c" is next, then the turn wraps to "a".
    List<Candidate> grown = List.of(active("a", 0), active("b", 0), active("c", 0));
    assertThat(picks(grown, 2)).containsExactly(id("c"), id("a"));
  }

  @Test
  void forSettingsMakesTheConfiguredStrategy() {
    AccountPicker configured = AccountPicker.forSettings(settings(ROUND_ROBIN), scripted());
    List<Candidate> pool = List.of(active("a", 0), active("b", 0));
    assertThat(configured.pick(pool, Set.of(), NOW)).isEqualTo(new PickResult.Picked(id("a")));
    assertThat(configured.pick(pool, Set.of(), NOW)).isEqualTo(new PickResult.Picked(id("b")));
  }
}
