package io.codexlb.domain.sticky;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.codexlb.domain.account.AccountId;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StickySessionsTest {

  private static final Duration TTL = Duration.ofMinutes(30);
  private static final Instant T0 = Instant.parse("2026-11-27T12:00:00Z");
  private static final StickyKey KEY = new StickyKey("conversation-123");
  private static final AccountId ALICE = new AccountId("acct-alice");
  private static final AccountId BOB = new AccountId("acct-bob");

  private final StickySessions sessions = StickySessions.create(new StickyPolicy(true, TTL));

  private static Instant at(Duration offset) {
    return T0.plus(offset);
  }

  private Instant expiryOf(StickyKey key, Instant now) {
    return sessions.pins(now).stream()
        .filter(pin -> pin.key().equals(key))
        .findFirst()
        .orElseThrow()
        .expiresAt();
  }

  @Test
  void pinnedConversationIsFoundOnItsAccount() {
    sessions.pin(KEY, ALICE, T0);

    assertThat(sessions.lookup(KEY, at(Duration.ofMinutes(1)))).contains(ALICE);
    assertThat(sessions.lookup(new StickyKey("other"), T0)).isEmpty();
  }

  @Test
  void pinHoldsUpToTheLastInstantBeforeItsTtl() {
    sessions.pin(KEY, ALICE, T0);

    assertThat(sessions.lookup(KEY, at(TTL.minusNanos(1)))).contains(ALICE);
  }

  @Test
  void pinIsGoneExactlyAtItsTtl() {
    sessions.pin(KEY, ALICE, T0);

    assertThat(sessions.lookup(KEY, at(TTL))).isEmpty();
    assertThat(sessions.size()).isZero();
  }

  @Test
  void eachUseSlidesTheExpiry() {
    sessions.pin(KEY, ALICE, T0);

    sessions.lookup(KEY, at(Duration.ofMinutes(20)));

    assertThat(expiryOf(KEY, T0)).isEqualTo(at(Duration.ofMinutes(50)));
    assertThat(sessions.lookup(KEY, at(Duration.ofMinutes(49)))).contains(ALICE);
    assertThat(sessions.lookup(KEY, at(Duration.ofMinutes(49).plus(TTL)))).isEmpty();
  }

  @Test
  void aLateUseNeverShortensAPin() {
    sessions.pin(KEY, ALICE, at(Duration.ofMinutes(10)));

    sessions.lookup(KEY, at(Duration.ofMinutes(5)));

    assertThat(expiryOf(KEY, T0)).isEqualTo(at(Duration.ofMinutes(40)));
  }

  @Test
  void resolveKeepsAnEligiblePinnedAccountAndRefreshesIt() {
    sessions.pin(KEY, ALICE, T0);

    StickyDecision decision = sessions.resolve(KEY, at(Duration.ofMinutes(10)), account -> true);

    assertThat(decision).isEqualTo(new StickyDecision.UsePinned(ALICE));
    assertThat(expiryOf(KEY, T0)).isEqualTo(at(Duration.ofMinutes(40)));
  }

  @Test
  void pinMovesWhenThePinnedAccountIsUnavailable() {
    sessions.pin(KEY, ALICE, T0);
    Instant later = at(Duration.ofMinutes(10));

    StickyDecision decision = sessions.resolve(KEY, later, account -> !account.equals(ALICE));
    assertThat(decision).isEqualTo(new StickyDecision.PickAndPin(Optional.of(ALICE)));
    sessions.pin(KEY, BOB, later);

    assertThat(sessions.lookup(KEY, later)).contains(BOB);
    assertThat(sessions.resolve(KEY, later, account -> true))
        .isEqualTo(new StickyDecision.UsePinned(BOB));
    assertThat(sessions.size()).isEqualTo(1);
  }

  @Test
  void anUnavailablePinIsNotRefreshed() {
    sessions.pin(KEY, ALICE, T0);

    sessions.resolve(KEY, at(Duration.ofMinutes(10)), account -> false);

    assertThat(expiryOf(KEY, T0)).isEqualTo(at(TTL));
  }

  @Test
  void withoutALivePinResolveAsksForAPick() {
    assertThat(sessions.resolve(KEY, T0, account -> true))
        .isEqualTo(new StickyDecision.PickAndPin(Optional.empty()));

    sessions.pin(KEY, ALICE, T0);
    assertThat(sessions.resolve(KEY, at(TTL), account -> true))
        .isEqualTo(new StickyDecision.PickAndPin(Optional.empty()));
  }

  @Test
  void disabledStickinessFindsAndPinsNothing() {
    StickySessions off = StickySessions.create(new StickyPolicy(false, TTL));

    off.pin(KEY, ALICE, T0);

    assertThat(off.size()).isZero();
    assertThat(off.lookup(KEY, T0)).isEmpty();
    assertThat(off.resolve(KEY, T0, account -> true))
        .isEqualTo(new StickyDecision.PickAndPin(Optional.empty()));
  }

  @Test
  void disablingEmptiesTheTableAndReenablingStartsFresh() {
    sessions.pin(KEY, ALICE, T0);

    sessions.configure(new StickyPolicy(false, TTL));
    sessions.configure(new StickyPolicy(true, TTL));

    assertThat(sessions.size()).isZero();
    assertThat(sessions.lookup(KEY, T0)).isEmpty();
  }

  @Test
  void aNewTtlAppliesFromAPinsNextUse() {
    sessions.pin(KEY, ALICE, T0);

    sessions.configure(new StickyPolicy(true, Duration.ofHours(2)));
    assertThat(expiryOf(KEY, T0)).isEqualTo(at(TTL));

    sessions.lookup(KEY, at(Duration.ofMinutes(1)));
    assertThat(expiryOf(KEY, T0)).isEqualTo(at(Duration.ofMinutes(121)));
  }

  @Test
  void forgettingAnAccountRemovesOnlyItsPins() {
    sessions.pin(new StickyKey("a1"), ALICE, T0);
    sessions.pin(new StickyKey("a2"), ALICE, T0);
    sessions.pin(new StickyKey("b1"), BOB, T0);

    assertThat(sessions.forget(ALICE)).isEqualTo(2);

    assertThat(sessions.lookup(new StickyKey("a1"), T0)).isEmpty();
    assertThat(sessions.lookup(new StickyKey("b1"), T0)).contains(BOB);
    assertThat(sessions.forget(ALICE)).isZero();
  }

  @Test
  void unpinningRemovesOneKey() {
    sessions.pin(KEY, ALICE, T0);

    assertThat(sessions.unpin(KEY)).isTrue();
    assertThat(sessions.unpin(KEY)).isFalse();
    assertThat(sessions.lookup(KEY, T0)).isEmpty();
  }

  @Test
  void evictionRemovesPinsExpiredAtTheGivenInstant() {
    sessions.pin(new StickyKey("early"), ALICE, T0);
    sessions.pin(new StickyKey("late"), BOB, at(Duration.ofMinutes(1)));

    assertThat(sessions.evictExpired(at(TTL.minusNanos(1)))).isZero();
    assertThat(sessions.evictExpired(at(TTL))).isEqualTo(1);

    assertThat(sessions.size()).isEqualTo(1);
    assertThat(sessions.pins(at(TTL)))
        .containsExactly(
            new StickyPin(new StickyKey("late"), BOB, at(TTL.plus(Duration.ofMinutes(1)))));
  }

  @Test
  void listedPinsAreTheLiveOnesSoonestExpiryFirst() {
    sessions.pin(new StickyKey("second"), BOB, at(Duration.ofMinutes(2)));
    sessions.pin(new StickyKey("first"), ALICE, at(Duration.ofMinutes(1)));
    sessions.pin(new StickyKey("gone"), ALICE, T0);

    assertThat(sessions.pins(at(TTL)))
        .extracting(pin -> pin.key().value())
        .containsExactly("first", "second");
    assertThat(sessions.size()).isEqualTo(3);
  }

  @Test
  void aFullTableDropsExpiredPinsBeforeLiveOnes() {
    StickySessions small = StickySessions.create(new StickyPolicy(true, TTL), 2);
    small.pin(new StickyKey("old"), ALICE, T0);
    small.pin(new StickyKey("live"), BOB, at(Duration.ofMinutes(20)));

    small.pin(new StickyKey("new"), ALICE, at(TTL));

    assertThat(small.size()).isEqualTo(2);
    assertThat(small.lookup(new StickyKey("live"), at(TTL))).contains(BOB);
    assertThat(small.lookup(new StickyKey("new"), at(TTL))).contains(ALICE);
  }

  @Test
  void aFullTableEvictsThePinClosestToExpiry() {
    StickySessions small = StickySessions.create(new StickyPolicy(true, TTL), 2);
    small.pin(new StickyKey("first"), ALICE, T0);
    small.pin(new StickyKey("second"), BOB, at(Duration.ofMinutes(1)));
    // Using "first" makes "second" the pin closest to expiry.
    small.lookup(new StickyKey("first"), at(Duration.ofMinutes(2)));

    small.pin(new StickyKey("third"), BOB, at(Duration.ofMinutes(3)));

    assertThat(small.size()).isEqualTo(2);
    assertThat(small.lookup(new StickyKey("second"), at(Duration.ofMinutes(3)))).isEmpty();
    assertThat(small.lookup(new StickyKey("first"), at(Duration.ofMinutes(3)))).contains(ALICE);
  }

  @Test
  void repinningAKeyInAFullTableEvictsNothing() {
    StickySessions small = StickySessions.create(new StickyPolicy(true, TTL), 2);
    small.pin(new StickyKey("first"), ALICE, T0);
    small.pin(new StickyKey("second"), BOB, T0);

    small.pin(new StickyKey("second"), ALICE, at(Duration.ofMinutes(1)));

    assertThat(small.lookup(new StickyKey("first"), at(Duration.ofMinutes(1)))).contains(ALICE);
    assertThat(small.lookup(new StickyKey("second"), at(Duration.ofMinutes(1)))).contains(ALICE);
  }

  @Test
  void theBoundMustAllowOnePin() {
    assertThatThrownBy(() -> StickySessions.create(StickyPolicy.defaults(), 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxEntries: 0 (expected: >= 1)");
    assertThat(StickySessions.create(StickyPolicy.defaults()).maxEntries()).isEqualTo(100_000);
  }

  @Test
  void peekSeesALivePinWithoutSlidingIt() {
    sessions.pin(KEY, ALICE, T0);

    assertThat(sessions.peek(KEY, T0.plusSeconds(60)))
        .contains(new StickyPin(KEY, ALICE, T0.plus(TTL)));
    assertThat(sessions.peek(KEY, T0.plus(TTL))).isEmpty();
    assertThat(sessions.peek(new StickyKey("other"), T0)).isEmpty();
  }

  @Test
  void restorePutsAStoredPinBackWithItsOwnExpiry() {
    StickyPin stored = new StickyPin(KEY, BOB, T0.plusSeconds(90));

    assertThat(sessions.restore(stored, T0)).isTrue();

    assertThat(sessions.peek(KEY, T0)).contains(stored);
    assertThat(sessions.lookup(KEY, T0.plusSeconds(89))).contains(BOB);
  }

  @Test
  void restoreNeverReplacesALivePinInMemoryNorPutsAnExpiredOne() {
    sessions.pin(KEY, ALICE, T0);

    assertThat(sessions.restore(new StickyPin(KEY, BOB, T0.plusSeconds(90)), T0)).isFalse();
    assertThat(sessions.lookup(KEY, T0)).contains(ALICE);
    StickyKey other = new StickyKey("other");
    assertThat(sessions.restore(new StickyPin(other, BOB, T0), T0)).isFalse();
    assertThat(sessions.peek(other, T0)).isEmpty();
  }

  @Test
  void restoreDoesNothingWhileStickinessIsOff() {
    sessions.configure(new StickyPolicy(false, TTL));

    assertThat(sessions.restore(new StickyPin(KEY, BOB, T0.plusSeconds(90)), T0)).isFalse();
    assertThat(sessions.size()).isZero();
  }

  @Test
  void clearRemovesEveryPin() {
    sessions.pin(KEY, ALICE, T0);
    sessions.pin(new StickyKey("other"), BOB, T0);

    assertThat(sessions.clear()).isEqualTo(2);

    assertThat(sessions.size()).isZero();
    assertThat(sessions.lookup(KEY, T0)).isEmpty();
  }
}
