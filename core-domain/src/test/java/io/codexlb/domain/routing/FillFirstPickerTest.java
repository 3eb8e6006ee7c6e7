package io.codexlb.domain.routing;

import static io.codexlb.domain.routing.Pool.NOW;
import static io.codexlb.domain.routing.Pool.active;
import static io.codexlb.domain.routing.Pool.busy;
import static io.codexlb.domain.routing.Pool.id;
import static io.codexlb.domain.routing.Pool.scripted;
import static io.codexlb.domain.routing.Pool.settings;
import static io.codexlb.domain.settings.RoutingStrategy.FILL_FIRST;
import static org.assertj.core.api.Assertions.assertThat;

import io.codexlb.domain.account.UnavailableReason;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FillFirstPickerTest {

  private final AccountPicker picker =
      AccountPicker.ofFillFirst(settings(FILL_FIRST, false, 2, 2.5));

  @Test
  void theLowestIdIsUsedWhateverItsUsageOrListPosition() {
    List<Candidate> pool = List.of(active("c", 0), active("a", 90), active("b", 10));
    assertThat(picker.pick(pool, Set.of(), NOW)).isEqualTo(new PickResult.Picked(id("a")));
    assertThat(picker.pick(pool, Set.of(), NOW)).isEqualTo(new PickResult.Picked(id("a")));
  }

  @Test
  void theNextAccountTakesOverWhenTheFirstIsLimited() {
    List<Candidate> pool =
        List.of(
            Pool.unavailable("a", UnavailableReason.RATE_LIMITED, NOW.plusSeconds(600)),
            active("b", 10),
            active("c", 0));
    assertThat(picker.pick(pool, Set.of(), NOW)).isEqualTo(new PickResult.Picked(id("b")));
  }

  @Test
  void theNextAccountTakesOverWhenTheFirstIsAtItsConcurrencyCap() {
    List<Candidate> pool = List.of(busy(active("a", 10), 2), busy(active("b", 10), 1));
    assertThat(picker.pick(pool, Set.of(), NOW)).isEqualTo(new PickResult.Picked(id("b")));
  }

  @Test
  void forSettingsMakesTheConfiguredStrategy() {
    AccountPicker configured = AccountPicker.forSettings(settings(FILL_FIRST), scripted());
    List<Candidate> pool = List.of(active("b", 0), active("a", 90));
    assertThat(configured.pick(pool, Set.of(), NOW)).isEqualTo(new PickResult.Picked(id("a")));
  }
}
