package io.codexlb.domain.limit;

import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The immutable state of a {@link KeyLimits} ledger: each limit with the epoch of its current
 * count. A new epoch starts whenever a count starts again (window passed, usage reset, limit
 * added), so a reservation can tell whether the count it added to still exists. Epochs come from
 * one counter per ledger and are never reused.
 */
record LedgerState(Map<LimitId, Counter> counters, long nextEpoch) {

  /** One limit and the epoch of its current count. */
  record Counter(KeyLimit limit, long epoch) {}

  /** What a reservation added to one limit, in which epoch. */
  record Hold(LimitId id, long epoch, long amount) {}

  /**
   * Takes ownership of {@code counters} without copying it: every caller builds a fresh map, and
   * this is the hot path of every request's accounting.
   */
  LedgerState {
    counters = Collections.unmodifiableMap(counters);
  }

  static LedgerState of(List<KeyLimit> limits) {
    Map<LimitId, Counter> counters = new TreeMap<>();
    long epoch = 0;
    for (KeyLimit limit : limits) {
      if (counters.put(limit.id(), new Counter(limit, epoch++)) != null) {
        throw new IllegalArgumentException(
            "limits: two "
                + limit.type().wireName()
                + " "
                + limit.window().wireName()
                + " limits (expected: at most one per type and window)");
      }
    }
    return new LedgerState(counters, epoch);
  }

  /** Every limit as it stands at {@code now}: passed windows start again at zero. */
  LedgerState at(Instant now) {
    if (!anyWindowPassedAt(now)) {
      return this; // the common case allocates nothing
    }
    Map<LimitId, Counter> rolled = new TreeMap<>();
    long epoch = nextEpoch;
    for (Counter counter : counters.values()) {
      if (counter.limit().windowPassedAt(now)) {
        rolled.put(counter.limit().id(), new Counter(counter.limit().at(now), epoch++));
      } else {
        rolled.put(counter.limit().id(), counter);
      }
    }
    return new LedgerState(rolled, epoch);
  }

  private boolean anyWindowPassedAt(Instant now) {
    for (Counter counter : counters.values()) {
      if (counter.limit().windowPassedAt(now)) {
        return true;
      }
    }
    return false;
  }

  LedgerState with(LimitId id, KeyLimit limit) {
    Edit edit = edit();
    edit.set(id, limit);
    return edit.done();
  }

  /** Starts a batch of changes that costs one copy of the counters, however many it makes. */
  Edit edit() {
    return new Edit(new TreeMap<>(counters), nextEpoch);
  }

  /** A batch of count changes to a copy of the counters; each keeps its limit's epoch. */
  static final class Edit {
    private final Map<LimitId, Counter> counters;
    private final long nextEpoch;

    private Edit(Map<LimitId, Counter> counters, long nextEpoch) {
      this.counters = counters;
      this.nextEpoch = nextEpoch;
    }

    void set(LimitId id, KeyLimit limit) {
      Counter old = counters.get(id);
      counters.put(id, new Counter(limit, old.epoch()));
    }

    LedgerState done() {
      return new LedgerState(counters, nextEpoch);
    }
  }

  LedgerState added(KeyLimit limit) {
    Map<LimitId, Counter> changed = new TreeMap<>(counters);
    changed.put(limit.id(), new Counter(limit, nextEpoch));
    return new LedgerState(changed, nextEpoch + 1);
  }

  LedgerState removed(LimitId id) {
    Map<LimitId, Counter> changed = new TreeMap<>(counters);
    changed.remove(id);
    return new LedgerState(changed, nextEpoch);
  }

  /** Every count back to zero, each in a new epoch, so in-flight holds no longer subtract. */
  LedgerState zeroed() {
    Map<LimitId, Counter> changed = new TreeMap<>();
    long epoch = nextEpoch;
    for (Counter counter : counters.values()) {
      changed.put(counter.limit().id(), new Counter(counter.limit().withCurrentValue(0), epoch++));
    }
    return new LedgerState(changed, epoch);
  }
}
