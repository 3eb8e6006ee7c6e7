package io.codexlb.domain.routing;

import static io.codexlb.domain.routing.Pool.NOW;
import static io.codexlb.domain.routing.Pool.active;
import static io.codexlb.domain.routing.Pool.id;
import static io.codexlb.domain.routing.Pool.settings;
import static io.codexlb.domain.routing.Pool.unavailable;
import static org.assertj.core.api.Assertions.assertThat;

import io.codexlb.domain.account.UnavailableReason;
import io.codexlb.domain.settings.RoutingStrategy;
import io.codexlb.domain.sticky.StickyKey;
import io.codexlb.domain.sticky.StickyPolicy;
import io.codexlb.domain.sticky.StickySessions;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class StickyRoutingTest {

  private static final StickyKey KEY = new StickyKey("conversation-1");

  private final StickySessions sessions =
      StickySessions.create(new StickyPolicy(true, Duration.ofMinutes(30)));
  // usage_weighted would pick "a", the least used, without a pin.
  private final AccountPicker picker =
      AccountPicker.ofUsageWeighted(settings(RoutingStrategy.USAGE_WEIGHTED));
  private final List<Candidate> pool = List.of(active("a", 10), active("b", 50));

  @Test
  void aNewKeyIsPickedAndPinned() {
    assertThat(StickyRouting.pick(sessions, Optional.of(KEY), picker, pool, Set.of(), NOW))
        .isEqualTo(new PickResult.Picked(id("a")));
    assertThat(sessions.lookup(KEY, NOW)).contains(id("a"));
  }

  @Test
  void aPinnedKeyStaysOnItsEligibleAccount() {
    sessions.pin(KEY, id("b"), NOW);
    assertThat(StickyRouting.pick(sessions, Optional.of(KEY), picker, pool, Set.of(), NOW))
        .isEqualTo(new PickResult.Picked(id("b")));
  }

  @Test
  void aPinnedAccountThatCannotServeIsLeftAndTheKeyMoves() {
    sessions.pin(KEY, id("a"), NOW);
    List<Candidate> limited =
        List.of(
            unavailable("a", UnavailableReason.RATE_LIMITED, NOW.plusSeconds(60)), active("b", 50));
    assertThat(StickyRouting.pick(sessions, Optional.of(KEY), picker, limited, Set.of(), NOW))
        .isEqualTo(new PickResult.Picked(id("b")));
    assertThat(sessions.lookup(KEY, NOW)).contains(id("b"));
  }

  @Test
  void failoverLeavesThePinnedAccountThatFailedAndRepins() {
    sessions.pin(KEY, id("a"), NOW);
    assertThat(StickyRouting.pick(sessions, Optional.of(KEY), picker, pool, Set.of(id("a")), NOW))
        .isEqualTo(new PickResult.Picked(id("b")));
    assertThat(sessions.lookup(KEY, NOW)).contains(id("b"));
  }

  @Test
  void aPinnedAccountMissingFromThePoolIsReplaced() {
    sessions.pin(KEY, id("gone"), NOW);
    assertThat(StickyRouting.pick(sessions, Optional.of(KEY), picker, pool, Set.of(), NOW))
        .isEqualTo(new PickResult.Picked(id("a")));
  }

  @Test
  void aRefusalReportsOnThePoolAndKeepsThePin() {
    sessions.pin(KEY, id("a"), NOW);
    List<Candidate> allLimited =
        List.of(
            unavailable("a", UnavailableReason.RATE_LIMITED, NOW.plusSeconds(60)),
            unavailable("b", UnavailableReason.QUOTA_EXCEEDED, NOW.plusSeconds(120)));
    assertThat(StickyRouting.pick(sessions, Optional.of(KEY), picker, allLimited, Set.of(), NOW))
        .isEqualTo(
            new PickResult.Refused(RefusalReason.ALL_LIMITED, Optional.of(NOW.plusSeconds(60))));
    assertThat(sessions.lookup(KEY, NOW)).contains(id("a"));
  }

  @Test
  void withoutAKeyItPicksAsThePickerDoes() {
    assertThat(StickyRouting.pick(sessions, Optional.empty(), picker, pool, Set.of(), NOW))
        .isEqualTo(new PickResult.Picked(id("a")));
    assertThat(sessions.size()).isZero();
  }
}
