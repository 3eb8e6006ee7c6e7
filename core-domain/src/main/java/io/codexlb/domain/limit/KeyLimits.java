package io.codexlb.domain.limit;

import static java.util.Objects.requireNonNull;

import io.codexlb.domain.RetryAfter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The limits of one API key and their accounting; safe for any number of threads, without a lock:
 * concurrent operations never lose or double an update.
 *
 * <p>A request comes with an estimate of its usage and a ceiling (the most it can use). It is
 * refused when some limit has {@code current_value >= max_value}. Otherwise, for each limit:
 *
 * <ul>
 *   <li><b>Far from the limit</b> (the fast path): when the usage settled so far, plus the ceilings
 *       of the requests in flight, plus this request's ceiling fit under {@code max_value}, the
 *       request is admitted, whatever else is in flight.
 *   <li><b>Near the limit</b>: otherwise it is admitted only if no other request is in flight on
 *       that limit, and refused ({@link Admission.Refused.Reason#BUSY}, retry after a second) if
 *       one is.
 * </ul>
 *
 * <p>An admitted request adds its estimate to each count at once, capped at what the limit has left
 * ({@code min(max - current, estimate)}, as upstream does), so that the dashboard shows traffic in
 * flight. When the request ends its {@link Reservation} settles (the estimate is replaced by the
 * actual usage) or releases (the estimate is given back). So, as long as requests use at most their
 * ceilings, a limit is overshot at most by the excess of one request (the one admitted near the
 * limit) over what it reserved; {@code docs/api-keys-and-limits.md} has the argument. A reservation
 * counts only against the limits that existed when it was made.
 *
 * <p>This ledger is the accounting of one process; an instance sharing a store with others must
 * apply the same rules in the store (see {@link KeyLimit} for the persisted fields).
 */
public final class KeyLimits {

  // The whole state is one immutable value swapped with compareAndSet: every operation reads it,
  // computes the next value and retries if another thread got there first, so no update is lost or
  // applied twice, and no lock is held.
  private final AtomicReference<LedgerState> state;

  private KeyLimits(LedgerState initial) {
    this.state = new AtomicReference<>(initial);
  }

  /**
   * A ledger over the given limits, as stored; their counts roll over lazily when their windows
   * have passed.
   *
   * @throws IllegalArgumentException if two limits have the same type and window
   */
  public static KeyLimits of(List<KeyLimit> limits) {
    requireNonNull(limits, "limits");
    limits.forEach(limit -> requireNonNull(limit, "limits element"));
    return new KeyLimits(LedgerState.of(limits));
  }

  /** A ledger with no limits: every request is admitted. */
  public static KeyLimits none() {
    return of(List.of());
  }

  /**
   * Admits a request whose usage is known not to exceed its estimate (the estimate is its ceiling),
   * or refuses it; see {@link #reserve(Usage, Usage, Instant)}.
   */
  public Admission reserve(Usage estimate, Instant now) {
    return reserve(estimate, estimate, now);
  }

  /**
   * Admits a request and reserves its estimated usage, or refuses it: refused when a limit is used
   * up, or when a limit is near (what is left of it, less the ceilings of the requests in flight,
   * cannot cover this request's ceiling) and another request is in flight on it.
   *
   * @param estimate what the request is expected to use (e.g. its input and a default output); held
   *     in each count until the request ends
   * @param ceiling the most the request can use (a component below the estimate's counts as the
   *     estimate's); the bound on overshoot holds for requests that stay within it
   * @param now the instant of the request
   */
  public Admission reserve(Usage estimate, Usage ceiling, Instant now) {
    requireNonNull(estimate, "estimate");
    requireNonNull(ceiling, "ceiling");
    requireNonNull(now, "now");
    while (true) {
      LedgerState current = current();
      LedgerState rolled = current.at(now);
      KeyLimit usedUp = null;
      KeyLimit busy = null;
      for (int i = 0; i < rolled.size(); i++) {
        LedgerState.Counter counter = rolled.counter(i);
        KeyLimit limit = counter.limit();
        if (limit.exhausted()) {
          // The limit that resets last: the request cannot pass before then.
          if (usedUp == null || limit.resetAt().isAfter(usedUp.resetAt())) {
            usedUp = limit;
          }
        } else if (busy == null
            && counter.inFlight() > 0
            && !fitsWorstCase(counter, ceilingOf(limit, estimate, ceiling))) {
          busy = limit;
        }
      }
      if (usedUp != null) {
        return new Admission.Refused(
            usedUp.type(),
            usedUp.window(),
            usedUp.resetAt(),
            RetryAfter.seconds(now, usedUp.resetAt()),
            Admission.Refused.Reason.USED_UP);
      }
      if (busy != null) {
        return new Admission.Refused(
            busy.type(), busy.window(), busy.resetAt(), 1, Admission.Refused.Reason.BUSY);
      }
      LedgerState.Edit edit = rolled.edit();
      List<LedgerState.Hold> holds = new ArrayList<>(rolled.size());
      for (int i = 0; i < rolled.size(); i++) {
        LedgerState.Counter counter = rolled.counter(i);
        KeyLimit limit = counter.limit();
        long amount =
            Math.min(limit.maxValue() - limit.currentValue(), limit.type().amountOf(estimate));
        long worst = ceilingOf(limit, estimate, ceiling);
        edit.set(
            limit.id(), limit.withCurrentValue(limit.currentValue() + amount), amount, 1, worst);
        holds.add(
            new LedgerState.Hold(limit.id(), counter.lineage(), counter.epoch(), amount, worst));
      }
      if (state.compareAndSet(current, edit.done())) {
        return new Admission.Admitted(new Reservation(this, holds));
      }
    }
  }

  /**
   * Whether the usage settled in the limit's count, the ceilings of the requests in flight on it
   * and {@code ceiling} together fit under its {@code max_value}: then the request cannot take the
   * count past it, whatever the others do within their ceilings.
   */
  private static boolean fitsWorstCase(LedgerState.Counter counter, long ceiling) {
    long worst = Amounts.add(Amounts.add(counter.settled(), counter.exposure()), ceiling);
    return worst <= counter.limit().maxValue();
  }

  /**
   * The request's ceiling in the limit's unit: at least its estimate, and at most {@code max_value
   * + 1}. A ceiling above {@code max_value} never fits, so the cap changes no admission; it keeps
   * the sum of the ceilings in flight from overflowing.
   */
  private static long ceilingOf(KeyLimit limit, Usage estimate, Usage ceiling) {
    LimitType type = limit.type();
    long worst = Math.max(type.amountOf(ceiling), type.amountOf(estimate));
    return Math.min(worst, Amounts.add(limit.maxValue(), 1));
  }

  /** Every limit as it stands at the given instant, in type and window order. */
  public List<KeyLimit> limits(Instant now) {
    requireNonNull(now, "now");
    List<KeyLimit> limits = new ArrayList<>();
    current().at(now).counters().forEach(counter -> limits.add(counter.limit()));
    return List.copyOf(limits);
  }

  /**
   * Adds a limit, unused, its window containing {@code now}.
   *
   * @return {@code false}, changing nothing, if the key already has a limit of that type and window
   */
  public boolean addLimit(LimitType type, LimitWindow window, long maxValue, Instant now) {
    KeyLimit limit = KeyLimit.fresh(type, window, maxValue, now);
    return update(s -> s.find(limit.id()) != null ? null : s.added(limit));
  }

  /**
   * Removes a limit; reservations that held against it no longer count there.
   *
   * @return {@code false} if the key has no such limit
   */
  public boolean removeLimit(LimitType type, LimitWindow window) {
    LimitId id = new LimitId(requireNonNull(type, "type"), requireNonNull(window, "window"));
    return update(s -> s.find(id) != null ? s.removed(id) : null);
  }

  /**
   * Changes a limit's {@code max_value}, keeping its count: lowering it below the count refuses
   * requests at once, raising it admits them at once.
   *
   * @return {@code false} if the key has no such limit
   */
  public boolean changeMaxValue(LimitType type, LimitWindow window, long maxValue) {
    LimitId id = new LimitId(requireNonNull(type, "type"), requireNonNull(window, "window"));
    if (maxValue < 0) {
      throw new IllegalArgumentException("maxValue: " + maxValue + " (expected: >= 0)");
    }
    return update(
        s -> {
          LedgerState.Counter counter = s.find(id);
          return counter == null ? null : s.with(id, counter.limit().withMaxValue(maxValue));
        });
  }

  /**
   * Sets every {@code current_value} to zero at once (the dashboard's "Reset usage"). Requests in
   * flight then count their actual usage, when they settle, into the fresh counts.
   */
  public void resetUsage(Instant now) {
    requireNonNull(now, "now");
    update(s -> s.at(now).zeroed());
  }

  /**
   * Takes the limits as the store has them after other holders used them (another instance, or this
   * one's settled usage written through): limits the store lacks are removed and new ones added,
   * every {@code max_value} is taken, and a count of the same window becomes the stored count plus
   * what this ledger's open reservations still hold (it never goes down this way: a stored count
   * older than one already adopted is ignored). A stored count of a later window restarts the count
   * there; one of an earlier window is stale and ignored.
   *
   * @param stored the key's limits as stored, at most one per type and window
   * @param now the instant the stored limits were read, for rolling passed windows first
   * @throws IllegalArgumentException if two limits have the same type and window
   */
  public void adopt(List<KeyLimit> stored, Instant now) {
    requireNonNull(stored, "stored");
    requireNonNull(now, "now");
    stored.forEach(limit -> requireNonNull(limit, "stored element"));
    List<KeyLimit> rolled = new ArrayList<>(stored.size());
    stored.forEach(limit -> rolled.add(limit.at(now)));
    update(s -> s.at(now).adopted(rolled));
  }

  void settle(List<LedgerState.Hold> holds, Usage actual, Instant now) {
    update(
        s -> {
          LedgerState rolled = s.at(now);
          LedgerState.Edit edit = rolled.edit();
          for (LedgerState.Hold hold : holds) {
            LedgerState.Counter counter = rolled.find(hold.id());
            if (counter == null) {
              continue;
            }
            KeyLimit limit = counter.limit();
            // Epochs are never reused, so the same epoch means the same limit as well.
            boolean sameEpoch = counter.epoch() == hold.epoch();
            boolean sameLimit = counter.lineage() == hold.lineage();
            long base = sameEpoch ? limit.currentValue() - hold.amount() : limit.currentValue();
            long used = Amounts.add(base, limit.type().amountOf(actual));
            edit.set(
                hold.id(),
                limit.withCurrentValue(used),
                sameEpoch ? -hold.amount() : 0,
                sameLimit ? -1 : 0,
                sameLimit ? -hold.ceiling() : 0);
          }
          return edit.done();
        });
  }

  void release(List<LedgerState.Hold> holds, Instant now) {
    update(
        s -> {
          LedgerState rolled = s.at(now);
          LedgerState.Edit edit = rolled.edit();
          for (LedgerState.Hold hold : holds) {
            LedgerState.Counter counter = rolled.find(hold.id());
            if (counter == null || counter.lineage() != hold.lineage()) {
              continue;
            }
            KeyLimit limit = counter.limit();
            boolean sameEpoch = counter.epoch() == hold.epoch();
            edit.set(
                hold.id(),
                sameEpoch ? limit.withCurrentValue(limit.currentValue() - hold.amount()) : limit,
                sameEpoch ? -hold.amount() : 0,
                -1,
                -hold.ceiling());
          }
          return edit.done();
        });
  }

  /**
   * Applies a pure change with compare-and-set, retrying on contention. The change returns {@code
   * null} to leave the state alone.
   *
   * @return whether the state was changed
   */
  private boolean update(Function<LedgerState, @Nullable LedgerState> change) {
    while (true) {
      LedgerState current = current();
      LedgerState next = change.apply(current);
      if (next == null) {
        return false;
      }
      if (state.compareAndSet(current, next)) {
        return true;
      }
    }
  }

  /** The state now: never null, since it starts non-null and is only replaced by a new state. */
  private LedgerState current() {
    return requireNonNull(state.get());
  }

  @Override
  public String toString() {
    return "KeyLimits" + current().counters();
  }
}
