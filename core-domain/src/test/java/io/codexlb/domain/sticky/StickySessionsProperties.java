package io.codexlb.domain.sticky;

import static org.assertj.core.api.Assertions.assertThat;

import io.codexlb.domain.account.AccountId;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;

/** Invariants of the pin table over any sequence of uses, times and operations. */
class StickySessionsProperties {

  private static final Instant T0 = Instant.parse("2026-11-27T12:00:00Z");
  private static final StickyKey KEY = new StickyKey("conversation");
  private static final AccountId PINNED = new AccountId("acct-pinned");

  @Property
  void stickinessHoldsWhileThePinnedAccountIsEligible(
      @ForAll @IntRange(min = 1, max = 7 * 24 * 60) int ttlMinutes,
      @ForAll @Size(max = 50) List<@LongRange(min = 0, max = 1_000_000) Long> gapPermille,
      @ForAll boolean viaResolve) {
    Duration ttl = Duration.ofMinutes(ttlMinutes);
    StickySessions sessions = StickySessions.create(new StickyPolicy(true, ttl));
    sessions.pin(KEY, PINNED, T0);
    Instant now = T0;
    for (long permille : gapPermille) {
      // Each gap is strictly shorter than the time to live: a fraction of it below one.
      now = now.plus(ttl.multipliedBy(permille).dividedBy(1_000_001));
      if (viaResolve) {
        assertThat(sessions.resolve(KEY, now, account -> true))
            .isEqualTo(new StickyDecision.UsePinned(PINNED));
      } else {
        assertThat(sessions.lookup(KEY, now)).contains(PINNED);
      }
    }
  }

  @Property
  void aPinNeverOutlivesItsTtlWithoutBeingUsed(
      @ForAll @IntRange(min = 1, max = 7 * 24 * 60 * 60) int ttlSeconds,
      @ForAll @LongRange(min = 0, max = 30L * 24 * 60 * 60 * 1000) long idleMillis,
      @ForAll boolean nearTheBoundary,
      @ForAll @LongRange(min = -1_000, max = 1_000) long nanosFromTheBoundary,
      @ForAll @Size(max = 20) List<@IntRange(min = 0, max = 9) Integer> otherKeysUsed) {
    Duration ttl = Duration.ofSeconds(ttlSeconds);
    StickySessions sessions = StickySessions.create(new StickyPolicy(true, ttl));
    sessions.pin(KEY, PINNED, T0);
    // Half the tries land within a microsecond of the expiry instant, where off-by-one errors hide.
    Instant later =
        nearTheBoundary ? T0.plus(ttl).plusNanos(nanosFromTheBoundary) : T0.plusMillis(idleMillis);
    // Traffic for other conversations must not keep this one alive.
    for (int other : otherKeysUsed) {
      StickyKey otherKey = new StickyKey("other-" + other);
      sessions.lookup(otherKey, later);
      sessions.pin(otherKey, new AccountId("acct-" + other), later);
    }

    boolean expectedLive = later.isBefore(T0.plus(ttl));
    assertThat(sessions.lookup(KEY, later).isPresent()).isEqualTo(expectedLive);
  }

  @Property
  void theTableNeverExceedsItsBound(
      @ForAll @IntRange(min = 1, max = 16) int maxEntries,
      @ForAll @Size(max = 200) List<@IntRange(min = 0, max = 99_999) Integer> operations) {
    StickySessions sessions =
        StickySessions.create(new StickyPolicy(true, Duration.ofMinutes(30)), maxEntries);
    Instant now = T0;
    for (int code : operations) {
      StickyKey key = new StickyKey("k" + (code % 40));
      AccountId account = new AccountId("acct-" + (code / 40 % 5));
      now = now.plusSeconds(code / 200 % 120);
      switch (code / 24_000) {
        case 0, 1 -> sessions.pin(key, account, now);
        case 2 -> sessions.lookup(key, now);
        case 3 -> sessions.forget(account);
        default -> sessions.evictExpired(now);
      }
      assertThat(sessions.size()).isLessThanOrEqualTo(maxEntries);
      assertThat(sessions.pins(now).size()).isLessThanOrEqualTo(sessions.size());
    }
  }
}
