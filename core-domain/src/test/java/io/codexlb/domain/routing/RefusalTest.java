package io.codexlb.domain.routing;

import static io.codexlb.domain.account.UnavailableReason.DEACTIVATED;
import static io.codexlb.domain.account.UnavailableReason.ERROR_BACKOFF;
import static io.codexlb.domain.account.UnavailableReason.PAUSED;
import static io.codexlb.domain.account.UnavailableReason.QUOTA_EXCEEDED;
import static io.codexlb.domain.account.UnavailableReason.RATE_LIMITED;
import static io.codexlb.domain.routing.Pool.NOW;
import static io.codexlb.domain.routing.Pool.active;
import static io.codexlb.domain.routing.Pool.busy;
import static io.codexlb.domain.routing.Pool.id;
import static io.codexlb.domain.routing.Pool.scripted;
import static io.codexlb.domain.routing.Pool.settings;
import static io.codexlb.domain.routing.Pool.unavailable;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.codexlb.domain.settings.RoutingStrategy;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Every strategy refuses the same way: the reasons are shared. */
class RefusalTest {

  private static final Instant SOON = NOW.plusSeconds(90);
  private static final Instant LATER = NOW.plusSeconds(3_600);

  private static PickResult pick(
      RoutingStrategy strategy, List<Candidate> pool, Set<String> failed) {
    AccountPicker picker = AccountPicker.forSettings(settings(strategy, false, 8, 2.5), scripted());
    return picker.pick(
        pool, failed.stream().map(Pool::id).collect(java.util.stream.Collectors.toSet()), NOW);
  }

  private static PickResult.Refused refused(RefusalReason reason, Instant earliestReset) {
    return new PickResult.Refused(reason, Optional.ofNullable(earliestReset));
  }

  @ParameterizedTest
  @EnumSource(RoutingStrategy.class)
  void anEmptyPoolHasNoAccounts(RoutingStrategy strategy) {
    assertThat(pick(strategy, List.of(), Set.of()))
        .isEqualTo(refused(RefusalReason.NO_ACCOUNTS, null));
  }

  @ParameterizedTest
  @EnumSource(RoutingStrategy.class)
  void everyAccountPausedIsAllPaused(RoutingStrategy strategy) {
    List<Candidate> pool = List.of(unavailable("a", PAUSED), unavailable("b", PAUSED));
    assertThat(pick(strategy, pool, Set.of())).isEqualTo(refused(RefusalReason.ALL_PAUSED, null));
  }

  @ParameterizedTest
  @EnumSource(RoutingStrategy.class)
  void deactivatedAccountsAreAllDeactivated(RoutingStrategy strategy) {
    List<Candidate> pool = List.of(unavailable("a", DEACTIVATED), unavailable("b", DEACTIVATED));
    assertThat(pick(strategy, pool, Set.of()))
        .isEqualTo(refused(RefusalReason.ALL_DEACTIVATED, null));
  }

  @ParameterizedTest
  @EnumSource(RoutingStrategy.class)
  void limitedAccountsAreAllLimitedUntilTheEarliestReset(RoutingStrategy strategy) {
    List<Candidate> pool =
        List.of(unavailable("a", QUOTA_EXCEEDED, LATER), unavailable("b", RATE_LIMITED, SOON));
    assertThat(pick(strategy, pool, Set.of())).isEqualTo(refused(RefusalReason.ALL_LIMITED, SOON));
  }

  @Test
  void aMixOfConditionsIsNoneAvailableWithTheEarliestKnownReset() {
    List<Candidate> pool =
        List.of(
            unavailable("a", PAUSED),
            unavailable("b", RATE_LIMITED, LATER),
            unavailable("c", ERROR_BACKOFF, SOON));
    assertThat(pick(RoutingStrategy.CAPACITY_WEIGHTED, pool, Set.of()))
        .isEqualTo(refused(RefusalReason.NONE_AVAILABLE, SOON));
  }

  @Test
  void accountsBackingOffAreNoneAvailableUntilTheFirstBackoffEnds() {
    List<Candidate> pool =
        List.of(unavailable("a", ERROR_BACKOFF, LATER), unavailable("b", ERROR_BACKOFF, SOON));
    assertThat(pick(RoutingStrategy.USAGE_WEIGHTED, pool, Set.of()))
        .isEqualTo(refused(RefusalReason.NONE_AVAILABLE, SOON));
  }

  @Test
  void accountsAtTheirConcurrencyCapAreAllBusyWithoutAKnownTime() {
    List<Candidate> pool = List.of(busy(active("a", 10), 8), busy(active("b", 10), 9));
    assertThat(pick(RoutingStrategy.CAPACITY_WEIGHTED, pool, Set.of()))
        .isEqualTo(refused(RefusalReason.ALL_BUSY, null));
  }

  @Test
  void oneAccountAtItsCapAmongLimitedOnesIsAllBusyWithTheirEarliestReset() {
    List<Candidate> pool = List.of(busy(active("a", 10), 8), unavailable("b", RATE_LIMITED, LATER));
    assertThat(pick(RoutingStrategy.USAGE_WEIGHTED, pool, Set.of()))
        .isEqualTo(refused(RefusalReason.ALL_BUSY, LATER));
  }

  @Test
  void anAccountAtItsCapThatAlreadyFailedForTheRequestIsNotWorthWaitingFor() {
    List<Candidate> pool = List.of(busy(active("a", 10), 8), unavailable("b", RATE_LIMITED, LATER));
    assertThat(pick(RoutingStrategy.FILL_FIRST, pool, Set.of("a")))
        .isEqualTo(refused(RefusalReason.NONE_AVAILABLE, LATER));
  }

  @Test
  void failedAccountsMakeItNoneAvailableAndTheirResetDoesNotCount() {
    List<Candidate> pool =
        List.of(unavailable("a", RATE_LIMITED, SOON), unavailable("b", RATE_LIMITED, LATER));
    assertThat(pick(RoutingStrategy.FILL_FIRST, pool, Set.of("a")))
        .isEqualTo(refused(RefusalReason.NONE_AVAILABLE, LATER));
  }

  @Test
  void aRefusalChecksItsResetAgainstItsReason() {
    assertThatThrownBy(() -> refused(RefusalReason.ALL_LIMITED, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("expected: present for ALL_LIMITED");
    assertThatThrownBy(() -> refused(RefusalReason.ALL_PAUSED, SOON))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("expected: empty for ALL_PAUSED");
  }

  @Test
  void aPickOnlyRefusesWhenNothingIsEligible() {
    List<Candidate> pool = List.of(unavailable("a", PAUSED), active("b", 99));
    assertThat(pick(RoutingStrategy.ROUND_ROBIN, pool, Set.of()))
        .isEqualTo(new PickResult.Picked(id("b")));
  }
}
