package io.codexlb.domain.limit;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What an admitted request holds against its key's limits until it ends. Exactly one of {@link
 * #settle} and {@link #release} takes effect, once; every later call is a no-op, so a request that
 * ends twice (say, a completed stream whose connection then drops) is never counted twice.
 */
public final class Reservation {

  private final KeyLimits ledger;
  private final List<LedgerState.Hold> holds;
  private final AtomicBoolean ended = new AtomicBoolean();

  Reservation(KeyLimits ledger, List<LedgerState.Hold> holds) {
    this.ledger = ledger;
    this.holds = List.copyOf(holds);
  }

  /**
   * The request completed with the given actual usage: the estimate it held is replaced by that
   * usage. If a limit's count has since started again (its window passed, or usage was reset), the
   * estimate went with the old count and the whole actual usage counts in the current window, so no
   * usage is ever dropped.
   *
   * @return whether this call took effect; {@code false} if the reservation had already ended
   */
  public boolean settle(Usage actual, Instant now) {
    requireNonNull(actual, "actual");
    requireNonNull(now, "now");
    if (!ended.compareAndSet(false, true)) {
      return false;
    }
    ledger.settle(holds, actual, now);
    return true;
  }

  /**
   * The request failed: what it held is given back. If the count it held against has since started
   * again, there is nothing left to give back.
   *
   * @return whether this call took effect; {@code false} if the reservation had already ended
   */
  public boolean release(Instant now) {
    requireNonNull(now, "now");
    if (!ended.compareAndSet(false, true)) {
      return false;
    }
    ledger.release(holds, now);
    return true;
  }

  /**
   * What this reservation added to the count of the given limit when it was made (0 if the limit
   * did not exist then); for tests that check the overshoot bound.
   */
  long held(LimitType type, LimitWindow window) {
    for (LedgerState.Hold hold : holds) {
      if (hold.id().type() == type && hold.id().window() == window) {
        return hold.amount();
      }
    }
    return 0;
  }

  /** Whether the reservation has been settled or released. */
  public boolean ended() {
    return ended.get();
  }

  @Override
  public String toString() {
    return "Reservation" + holds + (ended() ? " ended" : " open");
  }
}
