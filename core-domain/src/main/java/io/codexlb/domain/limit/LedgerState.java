package io.codexlb.domain.limit;

import java.time.Instant;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The immutable state of a {@link KeyLimits} ledger: each limit with the epoch of its current
 * count. A new epoch starts whenever a count starts again (window passed, usage reset, limit
 * added), so a reservation can tell whether the count it added to still exists. Epochs come from
 * one counter per ledger and are never reused.
 */
final class LedgerState {

  private static final Comparator<Counter> BY_ID =
      Comparator.comparing(Counter::limit, Comparator.comparing(KeyLimit::id));

  /**
   * One limit with its epoch (a new one each time its count restarts), how much of its count is
   * held by this process's open reservations of that epoch (so that a count from the store can be
   * adopted without losing them), and what every open reservation of this limit (of any epoch) may
   * still add to it: how many there are and the sum of their ceilings. The last two outlive a
   * restarted count, because a request that spans a reset counts its whole usage in the new window.
   * {@code lineage} names the limit itself: it changes only when the limit is removed and added
   * again.
   */
  record Counter(
      KeyLimit limit, long epoch, long held, long lineage, long inFlight, long exposure) {

    /** A limit just added or loaded: its first epoch, nothing in flight. */
    static Counter fresh(KeyLimit limit, long epoch) {
      return new Counter(limit, epoch, 0, epoch, 0, 0);
    }

    /**
     * The count started again in a new epoch; requests in flight still count here when they end.
     */
    Counter restarted(KeyLimit restartedLimit, long newEpoch) {
      return new Counter(restartedLimit, newEpoch, 0, lineage, inFlight, exposure);
    }

    Counter withLimit(KeyLimit newLimit) {
      return new Counter(newLimit, epoch, held, lineage, inFlight, exposure);
    }

    /** The usage counted in this epoch that no open reservation of it holds: settled usage. */
    long settled() {
      return limit.currentValue() - held;
    }

    boolean isFor(LimitId id) {
      return limit.type() == id.type() && limit.window() == id.window();
    }
  }

  /**
   * What a reservation added to one limit: {@code amount} to the count of {@code epoch}, and {@code
   * ceiling} (the most it may use, as far as admission knows) to the exposure of the limit's {@code
   * lineage}.
   */
  record Hold(LimitId id, long lineage, long epoch, long amount, long ceiling) {}

  // A key has a handful of limits at most, so they sit in a small array in LimitId order and are
  // found by a linear scan: every request reserves and settles against this state, and a sorted map
  // cost more than the accounting itself. The array is never changed once a state holds it;
  // changes copy it.
  private final Counter[] counters;
  private final long nextEpoch;

  private LedgerState(Counter[] counters, long nextEpoch) {
    this.counters = counters;
    this.nextEpoch = nextEpoch;
  }

  static LedgerState of(List<KeyLimit> limits) {
    Counter[] counters = new Counter[limits.size()];
    long epoch = 0;
    for (int i = 0; i < counters.length; i++) {
      KeyLimit limit = limits.get(i);
      for (int j = 0; j < i; j++) {
        if (counters[j].isFor(limit.id())) {
          throw new IllegalArgumentException(
              "limits: two "
                  + limit.type().wireName()
                  + " "
                  + limit.window().wireName()
                  + " limits (expected: at most one per type and window)");
        }
      }
      counters[i] = Counter.fresh(limit, epoch++);
    }
    Arrays.sort(counters, BY_ID);
    return new LedgerState(counters, epoch);
  }

  /** How many limits the key has. */
  int size() {
    return counters.length;
  }

  /** The {@code index}-th counter, in {@link LimitId} order. */
  Counter counter(int index) {
    return counters[index];
  }

  /** The counter of the given limit, or {@code null} if the key has no such limit. */
  @Nullable Counter find(LimitId id) {
    int index = indexOf(id);
    return index < 0 ? null : counters[index];
  }

  /** Every counter, in {@link LimitId} order. */
  List<Counter> counters() {
    return List.of(counters);
  }

  /** Every limit as it stands at {@code now}: passed windows start again at zero. */
  LedgerState at(Instant now) {
    if (!anyWindowPassedAt(now)) {
      return this; // the common case allocates nothing
    }
    Counter[] rolled = counters.clone();
    long epoch = nextEpoch;
    for (int i = 0; i < rolled.length; i++) {
      KeyLimit limit = rolled[i].limit();
      if (limit.windowPassedAt(now)) {
        rolled[i] = rolled[i].restarted(limit.at(now), epoch++);
      }
    }
    return new LedgerState(rolled, epoch);
  }

  /** Starts a batch of changes that costs one copy of the counters, however many it makes. */
  Edit edit() {
    return new Edit(counters.clone(), nextEpoch);
  }

  LedgerState with(LimitId id, KeyLimit limit) {
    Edit edit = edit();
    edit.set(id, limit);
    return edit.done();
  }

  LedgerState added(KeyLimit limit) {
    Counter[] changed = Arrays.copyOf(counters, counters.length + 1);
    changed[counters.length] = Counter.fresh(limit, nextEpoch);
    Arrays.sort(changed, BY_ID);
    return new LedgerState(changed, nextEpoch + 1);
  }

  LedgerState removed(LimitId id) {
    int index = indexOf(id);
    if (index < 0) {
      return this;
    }
    Counter[] changed = new Counter[counters.length - 1];
    System.arraycopy(counters, 0, changed, 0, index);
    System.arraycopy(counters, index + 1, changed, index, counters.length - index - 1);
    return new LedgerState(changed, nextEpoch);
  }

  /** Every count back to zero, each in a new epoch, so in-flight holds no longer subtract. */
  LedgerState zeroed() {
    Counter[] changed = new Counter[counters.length];
    long epoch = nextEpoch;
    for (int i = 0; i < counters.length; i++) {
      changed[i] = counters[i].restarted(counters[i].limit().withCurrentValue(0), epoch++);
    }
    return new LedgerState(changed, epoch);
  }

  /**
   * The state with the limits as another holder of the truth (the store) has them: limits it lacks
   * are removed, new ones added, every {@code max_value} taken. A count in the same window becomes
   * the stored count plus what this process's open reservations hold, never going down; a stored
   * count of a later window starts a new epoch (reservations of the old one no longer count there);
   * a stored count of an earlier window is stale and ignored.
   */
  LedgerState adopted(List<KeyLimit> stored) {
    Counter[] next = new Counter[stored.size()];
    long epoch = nextEpoch;
    for (int i = 0; i < next.length; i++) {
      KeyLimit theirs = stored.get(i);
      Counter ours = find(theirs.id());
      if (ours == null) {
        next[i] = Counter.fresh(theirs, epoch++);
      } else if (theirs.resetAt().isAfter(ours.limit().resetAt())) {
        next[i] = ours.restarted(theirs, epoch++);
      } else if (theirs.resetAt().equals(ours.limit().resetAt())) {
        long settled = Math.max(theirs.currentValue(), ours.limit().currentValue() - ours.held());
        KeyLimit merged =
            ours.limit()
                .withMaxValue(theirs.maxValue())
                .withCurrentValue(Amounts.add(settled, ours.held()));
        next[i] = ours.withLimit(merged);
      } else {
        next[i] = ours.withLimit(ours.limit().withMaxValue(theirs.maxValue()));
      }
    }
    return sorted(next, epoch);
  }

  private static LedgerState sorted(Counter[] counters, long nextEpoch) {
    for (int i = 0; i < counters.length; i++) {
      for (int j = 0; j < i; j++) {
        if (counters[j].isFor(counters[i].limit().id())) {
          throw new IllegalArgumentException(
              "limits: two "
                  + counters[i].limit().type().wireName()
                  + " "
                  + counters[i].limit().window().wireName()
                  + " limits (expected: at most one per type and window)");
        }
      }
    }
    Arrays.sort(counters, BY_ID);
    return new LedgerState(counters, nextEpoch);
  }

  private boolean anyWindowPassedAt(Instant now) {
    for (Counter counter : counters) {
      if (counter.limit().windowPassedAt(now)) {
        return true;
      }
    }
    return false;
  }

  private int indexOf(LimitId id) {
    for (int i = 0; i < counters.length; i++) {
      if (counters[i].isFor(id)) {
        return i;
      }
    }
    return -1;
  }

  /** A batch of count changes to a copy of the counters; each keeps its limit's epoch. */
  static final class Edit {
    private final Counter[] counters;
    private final long nextEpoch;

    private Edit(Counter[] counters, long nextEpoch) {
      this.counters = counters;
      this.nextEpoch = nextEpoch;
    }

    void set(LimitId id, KeyLimit limit) {
      set(id, limit, 0, 0, 0);
    }

    /**
     * Sets the limit and changes what open reservations hold of its count by {@code heldChange},
     * how many are open by {@code inFlightChange} and the sum of their ceilings by {@code
     * exposureChange}.
     */
    void set(
        LimitId id, KeyLimit limit, long heldChange, long inFlightChange, long exposureChange) {
      for (int i = 0; i < counters.length; i++) {
        if (counters[i].isFor(id)) {
          Counter c = counters[i];
          counters[i] =
              new Counter(
                  limit,
                  c.epoch(),
                  c.held() + heldChange,
                  c.lineage(),
                  c.inFlight() + inFlightChange,
                  c.exposure() + exposureChange);
          return;
        }
      }
      throw new IllegalStateException("no counter for " + id);
    }

    LedgerState done() {
      return new LedgerState(counters, nextEpoch);
    }
  }
}
