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

  LedgerState {
    counters = Collections.unmodifiableMap(new TreeMap<>(counters));
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
    Map<LimitId, Counter> rolled = new TreeMap<>();
    long epoch = nextEpoch;
    boolean changed = false;
    for (Counter counter : counters.values()) {
      if (counter.limit().windowPassedAt(now)) {
        rolled.put(counter.limit().id(), new Counter(counter.limit().at(now), epoch++));
        changed = true;
      } else {
        rolled.put(counter.limit().id(), counter);
      }
    }
    return changed ? new LedgerState(rolled, epoch) : this;
  }

  LedgerState with(LimitId id, KeyLimit limit) {
    Map<LimitId, Counter> changed = new TreeMap<>(counters);
    Counter old = counters.get(id);
    changed.put(id, new Counter(limit, old.epoch()));
    return new LedgerState(changed, nextEpoch);
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
