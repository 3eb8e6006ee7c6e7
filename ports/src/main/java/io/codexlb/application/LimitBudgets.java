package io.codexlb.application;

import static java.util.Objects.requireNonNull;

import io.codexlb.domain.health.Failures;
import io.codexlb.domain.key.ApiKeyId;
import io.codexlb.domain.limit.Admission;
import io.codexlb.domain.limit.LimitType;
import io.codexlb.domain.limit.LimitWindow;
import io.codexlb.domain.limit.Usage;
import io.codexlb.port.out.LimitLeaseRepository;
import io.codexlb.port.out.UsageDelta;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The slices of the keys' limits this instance leases from a store it shares with other instances
 * ({@link LimitLeaseRepository}), so that a key's admitted usage stays within its {@code max_value}
 * across all of them. A request is admitted here, after the in-memory ledger let it through, when
 * for every limit of its key the instance's slice covers the request's ceiling:
 *
 * <ul>
 *   <li><b>Far from the limit</b> the slice covers it: admitted from memory, no store call (the
 *       stage is already complete).
 *   <li><b>Otherwise</b> the instance leases more ({@link LimitLeaseRepository#lease}), one call
 *       per limit however many requests wait for it (single flight), and admits on the grant. When
 *       the store has less than one ceiling left and no other instance leases anything on the
 *       limit, the rest goes to one request alone (the <em>last request</em>, see {@link
 *       io.codexlb.domain.limit.LeaseSizing}): admitted only while nothing else is in flight on the
 *       slice. Else the request is refused (429 with {@code Retry-After}).
 * </ul>
 *
 * <p>An admitted request holds its ceiling in the slice until it ends. Its usage is then taken off
 * the slice, and once the write-behind has written it with {@code addUsage} ({@link #written}) it
 * is given back to the store on the next {@link #tick}, so that it is not counted twice for longer
 * than that. The tick also gives back the slices nothing used for {@link #IDLE} and renews the
 * instance's leases every {@link #RENEW_EVERY} while it holds any; {@link #stop} ends them all. A
 * process that dies gives nothing back: its leases expire after {@link #TERM}.
 *
 * <p>Thread-safe: each key's slices are guarded by one lock, held only for arithmetic, never across
 * a store call.
 */
final class LimitBudgets {

  private static final Logger log = System.getLogger(LimitBudgets.class.getName());

  /** How long a lease counts unless renewed: how long a dead instance's slices stay away. */
  static final Duration TERM = Duration.ofSeconds(30);

  /** How often a live instance renews its leases while it holds any. */
  static final Duration RENEW_EVERY = Duration.ofSeconds(10);

  /** A slice nothing used for this long is given back to the store, for other instances. */
  static final Duration IDLE = Duration.ofSeconds(5);

  /**
   * A lease asks for up to this many times the asking request's ceiling; the store grants less
   * (half the instance's fair share of what is left) as the limit nears.
   */
  static final long SLICE_CEILINGS = 64;

  /** A slice with fewer ceilings than this left is topped up in the background. */
  static final long LOW_WATER = 16;

  /**
   * After the store granted a slice nothing, requests it cannot cover are refused from memory for
   * this long (the {@code Retry-After} they get), so that a client hammering a key at its limit
   * does not cost a store call per request.
   */
  static final Duration DRY = Duration.ofSeconds(1);

  /** Lease rounds a request waits for before it is refused: another waiter may take a grant. */
  private static final int ROUNDS = 2;

  /**
   * What one request needs of one limit.
   *
   * @param type the limit's type
   * @param window the limit's window
   * @param amount the request's ceiling in the limit's unit, at least 1
   * @param maxValue the limit's {@code max_value} as this instance knows it
   */
  record Need(LimitType type, LimitWindow window, long amount, long maxValue) {
    Need {
      requireNonNull(type, "type");
      requireNonNull(window, "window");
      if (amount < 1) {
        throw new IllegalArgumentException("amount: " + amount + " (expected: >= 1)");
      }
    }

    LimitSlice.Id id() {
      return new LimitSlice.Id(type, window);
    }
  }

  /** What {@link #take} answers. */
  sealed interface Outcome {}

  /**
   * The request may go on; it holds its ceilings in the slices until {@link Hold#settle} or {@link
   * Hold#release}.
   */
  record Taken(Hold hold) implements Outcome {}

  /** The request is refused by a limit the store has no room left on. */
  record Refused(Admission.Refused refusal) implements Outcome {}

  private final LimitLeaseRepository leases;
  private final String holder;
  private final Map<ApiKeyId, KeyLimitBudget> keys = new ConcurrentHashMap<>();
  private final AtomicBoolean ticking = new AtomicBoolean();
  private volatile Instant renewedAt = Instant.EPOCH;

  /**
   * @param leases the shared store's leases
   * @param holder this process's name in the store: one per running process, never reused
   */
  LimitBudgets(LimitLeaseRepository leases, String holder) {
    this.leases = requireNonNull(leases, "leases");
    this.holder = requireNonNull(holder, "holder");
  }

  /**
   * Takes the request's ceilings from this instance's slices, leasing more when a slice is short.
   * The stage is complete on return when no lease was needed; it never fails (a store failure
   * refuses the request, as the limit cannot be checked).
   */
  CompletionStage<Outcome> take(ApiKeyId key, List<Need> needs, Instant now) {
    requireNonNull(key, "key");
    requireNonNull(needs, "needs");
    requireNonNull(now, "now");
    KeyLimitBudget budget = keys.computeIfAbsent(key, k -> new KeyLimitBudget(k, leases, holder));
    List<Runnable> refills = new ArrayList<>();
    Hold hold;
    synchronized (budget) {
      hold = budget.tryTake(needs, now, Map.of());
      if (hold != null) {
        budget.refill(needs, now, refills);
      } else {
        Refused recent = budget.recentRefusal(needs, now);
        if (recent != null) {
          return CompletableFuture.completedFuture(recent);
        }
      }
    }
    if (hold == null) {
      return leaseThenTake(budget, needs, now, 1);
    }
    // Not awaited: the next requests find the slice topped up instead of waiting for a lease.
    refills.forEach(Runnable::run);
    return CompletableFuture.completedFuture(new Taken(hold));
  }

  private CompletionStage<Outcome> leaseThenTake(
      KeyLimitBudget budget, List<Need> needs, Instant now, int round) {
    Map<LimitSlice.Id, CompletableFuture<LeaseAnswer>> flights = new HashMap<>();
    List<Runnable> calls = new ArrayList<>();
    synchronized (budget) {
      for (Need need : needs) {
        LimitSlice slice = budget.slice(need, now);
        if (slice.free() < need.amount()) {
          flights.put(need.id(), budget.flight(slice, need, now, calls));
        }
      }
    }
    // The store is called outside the lock; a flight already under way is only joined.
    calls.forEach(Runnable::run);
    return CompletableFuture.allOf(flights.values().toArray(CompletableFuture[]::new))
        .thenCompose(
            all -> {
              Map<LimitSlice.Id, LeaseAnswer> answers = new HashMap<>();
              flights.forEach((id, flight) -> answers.put(id, flight.join()));
              synchronized (budget) {
                Hold hold = budget.tryTake(needs, now, answers);
                if (hold != null) {
                  return CompletableFuture.completedFuture(new Taken(hold));
                }
              }
              boolean failed = answers.values().stream().anyMatch(a -> a.failure() != null);
              boolean grantedSome = answers.values().stream().anyMatch(LeaseAnswer::grantedSome);
              if (round < ROUNDS && !failed && grantedSome) {
                // Other waiters took what this round brought: one more round for this one.
                return leaseThenTake(budget, needs, now, round + 1);
              }
              return CompletableFuture.completedFuture(LeaseRefusals.of(needs, answers, now));
            });
  }

  /**
   * Usage of the key was written to the store ({@code addUsage}): as much of it as was taken from
   * this instance's slices is given back from its leases on the next {@link #tick}.
   */
  void written(ApiKeyId key, List<UsageDelta> deltas) {
    KeyLimitBudget budget = keys.get(key);
    if (budget == null) {
      return;
    }
    synchronized (budget) {
      for (UsageDelta delta : deltas) {
        LimitSlice slice = budget.slices.get(new LimitSlice.Id(delta.type(), delta.window()));
        if (slice != null) {
          long back = Math.min(delta.amount(), slice.givable);
          slice.givable -= back;
          slice.toReturn += back;
        }
      }
    }
  }

  /**
   * A key's limits changed (a limit lowered, raised, added or removed, usage reset, a key
   * disabled): the unused part of every slice goes back to the store on the next {@link #tick}, so
   * that the next request on each limit leases again, sized from the limit as it now stands.
   */
  void invalidate() {
    for (KeyLimitBudget budget : keys.values()) {
      synchronized (budget) {
        budget.slices.values().forEach(LimitSlice::returnFree);
      }
    }
  }

  /**
   * The periodic upkeep (the data plane's 1 s tick): gives back what was written or lies idle, and
   * renews the leases every {@link #RENEW_EVERY} while any is held. Completes when done, never
   * exceptionally: a failed call is logged at WARN and tried again on the next tick.
   */
  CompletionStage<Void> tick(Instant now) {
    requireNonNull(now, "now");
    if (!ticking.compareAndSet(false, true)) {
      return CompletableFuture.completedFuture(null);
    }
    List<CompletableFuture<?>> calls = new ArrayList<>();
    boolean live = false;
    for (KeyLimitBudget budget : keys.values()) {
      List<Runnable> returns = new ArrayList<>();
      synchronized (budget) {
        for (LimitSlice slice : budget.slices.values()) {
          slice.refresh(now);
          if (slice.inFlight == 0 && slice.held > 0 && !slice.lastUsed.plus(IDLE).isAfter(now)) {
            slice.returnFree();
          }
          if (slice.toReturn > 0) {
            long amount = slice.toReturn;
            long epoch = slice.epoch;
            slice.toReturn = 0;
            returns.add(() -> calls.add(giveBack(budget, slice, epoch, amount)));
          }
          live |= slice.held > 0 || slice.inFlight > 0 || slice.givable > 0;
        }
      }
      returns.forEach(Runnable::run);
    }
    if (live && !renewedAt.plus(RENEW_EVERY).isAfter(now)) {
      calls.add(renew(now));
    }
    return CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new))
        .whenComplete((done, error) -> ticking.set(false));
  }

  private CompletableFuture<Void> giveBack(
      KeyLimitBudget budget, LimitSlice slice, long epoch, long amount) {
    return leases
        .giveBack(budget.key, slice.id.type(), slice.id.window(), holder, amount)
        .handle(
            (left, error) -> {
              if (error != null) {
                synchronized (budget) {
                  if (slice.epoch == epoch) {
                    slice.toReturn += amount; // counted twice meanwhile, never less
                  }
                }
                log.log(
                    Level.WARNING,
                    "key {0}: giving back {1} of its {2} {3} lease failed, kept for the next tick:"
                        + " {4}",
                    budget.key.value(),
                    amount,
                    slice.id.type().wireName(),
                    slice.id.window().wireName(),
                    Failures.oneLine(error));
              }
              return (Void) null;
            })
        .toCompletableFuture();
  }

  private CompletableFuture<Void> renew(Instant now) {
    Instant until = now.plus(TERM);
    return leases
        .renewAll(holder, now, until)
        .handle(
            (renewed, error) -> {
              if (error != null) {
                log.log(
                    Level.WARNING,
                    "limit leases: renewing failed, tried again on the next tick: {0}",
                    Failures.oneLine(error));
                return (Void) null;
              }
              renewedAt = now;
              for (KeyLimitBudget budget : keys.values()) {
                synchronized (budget) {
                  for (LimitSlice slice : budget.slices.values()) {
                    Instant expiresAt = slice.expiresAt;
                    if (expiresAt != null && expiresAt.isAfter(now) && until.isAfter(expiresAt)) {
                      slice.expiresAt = until;
                    }
                  }
                }
              }
              return (Void) null;
            })
        .toCompletableFuture();
  }

  /**
   * Ends every lease of this instance in the store (at stop, after the usage is written), so other
   * instances get the slices at once; never fails (a failure is logged, the leases then expire).
   */
  CompletionStage<Void> stop() {
    return leases
        .endAll(holder)
        .handle(
            (ended, error) -> {
              if (error != null) {
                log.log(
                    Level.WARNING,
                    "limit leases: ending them at stop failed, they expire within {0} s: {1}",
                    TERM.toSeconds(),
                    Failures.oneLine(error));
              }
              return null;
            });
  }

  /**
   * What one admitted request holds in its key's slices. Exactly one of {@link #settle} and {@link
   * #release} is called, once ({@link KeyHold} sees to it).
   */
  static final class Hold {

    record Part(LimitSlice slice, long epoch, long amount) {}

    private final Object lock;
    private final List<Part> parts;

    Hold(Object lock, List<Part> parts) {
      this.lock = lock;
      this.parts = List.copyOf(parts);
    }

    /**
     * The request used {@code actual}: its ceilings are released and its usage taken off the
     * slices, to be given back from the leases once written.
     */
    void settle(Usage actual) {
      requireNonNull(actual, "actual");
      synchronized (lock) {
        for (Part part : parts) {
          LimitSlice slice = part.slice();
          if (slice.epoch != part.epoch()) {
            continue; // the lease restarted: this request's ceiling went with it
          }
          slice.inFlight -= part.amount();
          long used = slice.id.type().amountOf(actual);
          // A last request may use more than it held: the rest is the overshoot, leased by no one.
          long fromLease = Math.min(used, Math.max(0, slice.held));
          slice.held -= fromLease;
          slice.givable += fromLease;
        }
      }
    }

    /** The request used nothing: its ceilings are free again. */
    void release() {
      synchronized (lock) {
        for (Part part : parts) {
          if (part.slice().epoch == part.epoch()) {
            part.slice().inFlight -= part.amount();
          }
        }
      }
    }
  }
}
