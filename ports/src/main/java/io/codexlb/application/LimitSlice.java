package io.codexlb.application;

import io.codexlb.domain.limit.LimitType;
import io.codexlb.domain.limit.LimitWindow;
import io.codexlb.port.out.LeaseGrant;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * What this instance holds on one limit of one key ({@link LimitBudgets}); guarded by its {@link
 * KeyLimitBudget}'s lock, so its fields are plain.
 */
final class LimitSlice {

  /** Which limit of the key the slice is of. */
  record Id(LimitType type, LimitWindow window) {}

  final Id id;

  /** Leased and not yet used: the ceilings in flight and what is free. */
  long held;

  /** The ceilings of the requests in flight on this slice. */
  long inFlight;

  /** Usage taken off the slice, still counted in the store's lease until written and given. */
  long givable;

  /** To give back to the store on the next tick. */
  long toReturn;

  /** Changes when the store's lease restarts (a new window, expiry): older holds are void. */
  long epoch;

  /** The {@code max_value} the slice was leased under: a lower one voids what is free. */
  long maxValue;

  /** The store's last answer, when it granted nothing: no top-up until a grant is made. */
  @Nullable LeaseGrant dry;

  /** Until when {@link #dry} refuses what the slice cannot cover without asking again. */
  Instant dryUntil = Instant.EPOCH;

  @Nullable Instant resetAt;
  @Nullable Instant expiresAt;
  Instant lastUsed = Instant.EPOCH;

  /** The lease call under way for this slice, which every short request joins. */
  @Nullable CompletableFuture<LeaseAnswer> flight;

  LimitSlice(Id id, long maxValue) {
    this.id = id;
    this.maxValue = maxValue;
  }

  long free() {
    return held - inFlight;
  }

  /** The store no longer counts a lease past its expiry or window: start again from nothing. */
  void refresh(Instant now) {
    Instant windowEnd = resetAt;
    Instant expiry = expiresAt;
    if ((windowEnd != null && !now.isBefore(windowEnd))
        || (expiry != null && !now.isBefore(expiry))) {
      restart(null);
    }
  }

  void restart(@Nullable Instant newResetAt) {
    epoch++;
    held = 0;
    inFlight = 0;
    givable = 0;
    toReturn = 0;
    resetAt = newResetAt;
    expiresAt = null;
    dry = null;
  }

  /** What is free goes back to the store; the ceilings in flight stay held. */
  void returnFree() {
    long free = free();
    if (free > 0) {
      held -= free;
      toReturn += free;
    }
  }

  void granted(LeaseGrant grant, Instant now, Instant leaseExpiresAt, long leasedUnder) {
    if (!grant.resetAt().equals(resetAt)) {
      // A new window (or the first lease): the store's lease restarted from this grant.
      restart(grant.resetAt());
    }
    dry = grant.granted() == 0 ? grant : null;
    dryUntil = now.plus(LimitBudgets.DRY);
    if (grant.granted() > 0) {
      held += grant.granted();
      expiresAt = leaseExpiresAt;
      maxValue = leasedUnder;
    }
  }
}
