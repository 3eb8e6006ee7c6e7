package io.codexlb.port.out;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * The answer to {@link AccountRepository#claimRefresh}: whether this caller may refresh the
 * account's tokens now, and if not, what it should do instead.
 */
public sealed interface RefreshClaim {

  /**
   * The caller holds the claim until {@code until}: it alone refreshes the account's tokens, and
   * stores them with {@link AccountRepository#storeRefreshed} (or gives the claim back with {@link
   * AccountRepository#releaseRefreshClaim}).
   *
   * @param until when the claim lapses and another caller may take over
   */
  record Claimed(Instant until) implements RefreshClaim {
    public Claimed {
      requireNonNull(until, "until");
    }
  }

  /**
   * Another holder's claim runs until {@code until}: it is refreshing right now. Ask again later;
   * the answer is then {@link Superseded} once it stored its tokens, or {@link Claimed} once its
   * claim lapsed (it died or gave up).
   *
   * @param until when that claim lapses
   */
  record HeldElsewhere(Instant until) implements RefreshClaim {
    public HeldElsewhere {
      requireNonNull(until, "until");
    }
  }

  /**
   * The stored refresh token is no longer the one the caller has: someone refreshed (or logged in)
   * already. Refreshing with the caller's token would reuse a dead one; use these tokens instead.
   *
   * @param current the account as stored now
   */
  record Superseded(StoredAccount current) implements RefreshClaim {
    public Superseded {
      requireNonNull(current, "current");
    }
  }

  /** There is no such account (it was deleted). */
  record Missing() implements RefreshClaim {}
}
