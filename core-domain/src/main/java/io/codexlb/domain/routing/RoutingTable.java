package io.codexlb.domain.routing;

import static java.util.Objects.requireNonNull;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import io.codexlb.domain.account.Account;
import io.codexlb.domain.account.AccountId;
import io.codexlb.domain.settings.RoutingSettings;
import io.codexlb.domain.settings.RoutingStrategy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.random.RandomGenerator;
import org.jspecify.annotations.Nullable;

/**
 * The pool as routing keeps it between requests, so that a {@code capacity_weighted} pick costs
 * {@code O(log n)} in the number of accounts instead of a pass over all of them. Keep one for the
 * life of the pool: {@link #put} an account whenever it changes, {@link #remove} it when it leaves,
 * {@link #pickAndAcquire} (or {@link #pick} then {@link #acquire}) and {@link #release} around each
 * request sent to it, {@link #configure} when the routing settings change.
 *
 * <p><b>Equivalence.</b> At any instant, a pick answers as {@link AccountPicker#forSettings} would
 * over {@link #candidates(Instant)}: every account as {@link Account#view(Instant) viewed} at that
 * instant with its requests in flight. The same account is picked, or the same refusal given, by
 * every strategy but {@code capacity_weighted}, whose draw takes its randomness differently: it
 * picks from the same accounts (eligible, positive weight, earliest reset bucket), each with
 * probability proportional to its weight.
 *
 * <p><b>Time.</b> Time passing needs no call of its own: each call sees every account as it is at
 * the call's instant (a limit reset, a backoff ended). Calls may come with instants slightly out of
 * order from concurrent requests; an instant before the latest one seen is taken as that latest
 * one, since accounts never go back to an earlier condition.
 *
 * <p><b>Cost.</b> For {@code capacity_weighted}: a pick is {@code O(log n + e log n)} for {@code e}
 * excluded accounts, and allocates its result and nothing that grows with {@code n}; so are {@link
 * #put}, {@link #remove}, {@link #acquire} and {@link #release}. A refusal, and a pick when every
 * eligible account has zero weight (the {@code usage_weighted} fallback), are one {@code O(n)}
 * pass, as are picks under the other strategies, which delegate to their {@link AccountPicker}.
 * {@link #configure} is {@code O(n log n)}.
 *
 * <p>Thread-safe: every method holds the table's lock, for the short time above.
 */
public final class RoutingTable {

  // How the table works. Each account has a slot, numbered densely from 0, holding its view as of
  // the table's clock and its requests in flight; `candidates` shows the slots as the list a picker
  // takes, so the strategies other than capacity_weighted delegate to their AccountPicker.
  //
  // For capacity_weighted each slot is also a node of `tree` (a WeightTree), keyed by the account's
  // weekly reset, so that an earlier-reset bucket is a key range, and weighted by its capacity in
  // integer units of 2^-20 credit, rounded up so that no positive weight becomes zero. A draw is a
  // uniform number below the bucket's weight, mapped to the node that cumulative weight falls on.
  // Excluded accounts weigh nothing for that one pick and get their weight back after it.
  //
  // An account's view changes by itself only at a few known instants: its limit's reset, the end of
  // its error backoff, the reset of each usage window. `due` queues each slot's next such instant,
  // and every call first refreshes the slots whose instant has come (advance), so time passing
  // costs O(log n) per account that changed and nothing for the others.

  // Weights as integers keep the tree's sums exact; 2^20 units per credit keep ample precision for
  // a plan's 50,400 weekly credits while 10^8 accounts' sums still fit in a long.
  private static final double UNITS_PER_CREDIT = 1 << 20;

  // Everything below is guarded by the table's monitor, the slots too (they are reached only
  // through these fields), and the random generator, which need not be thread-safe.
  @GuardedBy("this") private final RandomGenerator random;

  @GuardedBy("this") private final Map<AccountId, Slot> byId = new HashMap<>();

  @GuardedBy("this") private final WeightTree tree = new WeightTree();

  @GuardedBy("this") private final PriorityQueue<Due> due = new PriorityQueue<>();

  // The equivalent candidate list, read in place by the delegated pickers: no copy per pick.
  @GuardedBy("this") private final List<Candidate> candidates = new SlotList();

  // Dense: the first size entries are the slots, the rest null.
  @GuardedBy("this") private @Nullable Slot[] slots = new Slot[0];

  @GuardedBy("this") private int size;

  @GuardedBy("this") private int eligible;

  @GuardedBy("this") private Instant clock = Instant.MIN;

  @GuardedBy("this") private Rules rules;

  @GuardedBy("this") private AccountPicker picker;

  @GuardedBy("this") private boolean capacityWeighted;

  private RoutingTable(RoutingSettings settings, RandomGenerator random) {
    this.random = random;
    apply(settings);
  }

  /**
   * An empty table for these settings.
   *
   * @param random the randomness of {@code capacity_weighted} draws; seed it in tests
   */
  public static RoutingTable of(RoutingSettings settings, RandomGenerator random) {
    return new RoutingTable(requireNonNull(settings, "settings"), requireNonNull(random, "random"));
  }

  /** Switches to new routing settings; in-flight counts and accounts stay. */
  public synchronized void configure(RoutingSettings settings) {
    apply(requireNonNull(settings, "settings"));
    for (int i = 0; i < size; i++) {
      place(slot(i));
    }
  }

  /**
   * Adds the account, or replaces the one with its id (keeping its requests in flight). Call it
   * after every change to the account: its state, usage or error streak.
   */
  public synchronized void put(Account account) {
    requireNonNull(account, "account");
    Slot slot = byId.get(account.id());
    if (slot == null) {
      slot = new Slot(account, new Candidate(account.view(clock), 0));
      byId.put(slot.id, slot);
      if (size == slots.length) {
        slots = Arrays.copyOf(slots, Math.max(16, size * 2));
        tree.ensureCapacity(slots.length);
      }
      slot.index = size;
      slots[size++] = slot;
    }
    slot.account = account;
    refresh(slot);
  }

  /**
   * Takes the account out of the pool, with its count of requests in flight.
   *
   * @return whether it was in the table
   */
  public synchronized boolean remove(AccountId id) {
    Slot slot = byId.remove(requireNonNull(id, "id"));
    if (slot == null) {
      return false;
    }
    eligible -= slot.eligible ? 1 : 0;
    int index = slot.index;
    int last = size - 1;
    tree.delete(index);
    if (index != last) {
      // Keep the slots dense: the last one moves into the gap, and its tree node with it.
      Slot moved = slot(last);
      long key = tree.key(last);
      long weight = tree.weight(last);
      tree.delete(last);
      moved.index = index;
      slots[index] = moved;
      tree.insert(index, key, weight);
    }
    slots[last] = null;
    size--;
    slot.index = -1;
    return true;
  }

  /**
   * Counts one more request in flight on the account.
   *
   * @return whether the account is in the table; nothing is counted when it is not
   */
  public synchronized boolean acquire(AccountId id) {
    Slot slot = byId.get(requireNonNull(id, "id"));
    if (slot == null) {
      return false;
    }
    setInFlight(slot, slot.inFlight + 1);
    return true;
  }

  /**
   * Counts one request fewer in flight on the account.
   *
   * @return whether the account is in the table (it may have been removed while the request ran)
   * @throws IllegalStateException when the account has no request in flight
   */
  public synchronized boolean release(AccountId id) {
    Slot slot = byId.get(requireNonNull(id, "id"));
    if (slot == null) {
      return false;
    }
    if (slot.inFlight == 0) {
      throw new IllegalStateException("inFlight of " + id + ": 0 (expected: > 0 to release)");
    }
    setInFlight(slot, slot.inFlight - 1);
    return true;
  }

  /** How many accounts the table holds. */
  public synchronized int size() {
    return size;
  }

  /**
   * Picks an account for one request; see {@link AccountPicker#pick}.
   *
   * @param excluded accounts that already failed for this request; never picked
   * @param now the instant of the pick
   */
  public synchronized PickResult pick(Set<AccountId> excluded, Instant now) {
    requireNonNull(excluded, "excluded");
    advance(requireNonNull(now, "now"));
    if (!capacityWeighted) {
      return picker.pick(candidates, excluded, clock);
    }
    if (excluded.isEmpty()) {
      return pickCapacityWeighted(excluded, eligible);
    }
    // Excluded accounts weigh nothing for this one pick, then get their weight back.
    int eligibleLeft = eligible;
    for (AccountId id : excluded) {
      Slot slot = byId.get(id);
      if (slot != null && slot.eligible) {
        eligibleLeft--;
        tree.setWeight(slot.index, 0);
      }
    }
    try {
      return pickCapacityWeighted(excluded, eligibleLeft);
    } finally {
      for (AccountId id : excluded) {
        Slot slot = byId.get(id);
        if (slot != null) {
          tree.setWeight(slot.index, slot.weight);
        }
      }
    }
  }

  /**
   * Picks an account as {@link #pick} does and counts the request in flight on it in the same step,
   * so that concurrent requests cannot together push an account past its concurrency cap. The
   * caller {@linkplain #release releases} the account when the request ends.
   */
  public synchronized PickResult pickAndAcquire(Set<AccountId> excluded, Instant now) {
    PickResult result = pick(excluded, now);
    if (result instanceof PickResult.Picked picked) {
      acquire(picked.account());
    }
    return result;
  }

  /** Whether the account is in the table and eligible at {@code now} for such a request. */
  public synchronized boolean isEligible(AccountId id, Set<AccountId> excluded, Instant now) {
    requireNonNull(id, "id");
    requireNonNull(excluded, "excluded");
    advance(requireNonNull(now, "now"));
    Slot slot = byId.get(id);
    return slot != null && picker.isEligible(slot.candidate, excluded);
  }

  /** Every account's eligibility at {@code now}; see {@link AccountPicker#explain}. */
  public synchronized List<Eligibility> explain(Set<AccountId> excluded, Instant now) {
    requireNonNull(excluded, "excluded");
    advance(requireNonNull(now, "now"));
    return picker.explain(candidates, excluded, clock);
  }

  /**
   * The pool as a list picker would take it at {@code now}: each account viewed at that instant,
   * with its requests in flight, in no particular order. A copy.
   */
  public synchronized List<Candidate> candidates(Instant now) {
    advance(requireNonNull(now, "now"));
    return List.copyOf(candidates);
  }

  @GuardedBy("this") private void apply(RoutingSettings settings) {
    rules = Rules.of(settings);
    picker = AccountPicker.forSettings(settings, random);
    capacityWeighted = settings.routingStrategy() == RoutingStrategy.CAPACITY_WEIGHTED;
  }

  @GuardedBy("this") private PickResult pickCapacityWeighted(Set<AccountId> excluded, int eligibleLeft) {
    long total = tree.total();
    long from = 0;
    long to = total;
    if (rules.preferEarlierReset()) {
      // Keys are weekly resets, so buckets are key ranges: unknown or past resets (the last
      // bucket) first, then the future ones in order. The earliest bucket with weight starts at the
      // first node with weight after the past ones and spans whole days from now.
      long nowSecond = clock.getEpochSecond();
      long past = tree.weightBelow(nowSecond + 1);
      if (past < total) {
        long firstReset = tree.key(tree.select(past));
        long days = Rules.wholeDays(firstReset - nowSecond);
        from = past;
        to = tree.weightBelow(nowSecond + (days + 1) * Rules.SECONDS_PER_DAY);
      } else {
        to = past;
      }
    }
    if (to > from) {
      int node = tree.select(from + random.nextLong(to - from));
      return new PickResult.Picked(slot(node).id);
    }
    if (eligibleLeft > 0) {
      // Every eligible account weighs nothing: the picker's usage_weighted fallback, one pass.
      Candidate leastUsed =
          requireNonNull(UsageWeightedPicker.leastUsed(rules, candidates, excluded, clock));
      return new PickResult.Picked(leastUsed.view().id());
    }
    return rules.refuse(candidates, excluded);
  }

  @GuardedBy("this") private void setInFlight(Slot slot, int inFlight) {
    slot.inFlight = inFlight;
    slot.candidate = slot.candidate.withInFlight(inFlight);
    place(slot);
  }

  /** Moves the clock to {@code now} and brings up to date every account whose view changed. */
  @GuardedBy("this") private void advance(Instant now) {
    if (now.isAfter(clock)) {
      clock = now;
    }
    while (!due.isEmpty() && !due.peek().at.isAfter(clock)) {
      Due next = due.poll();
      // Entries for removed accounts, or superseded by a later put, are dropped here.
      if (next.slot.index >= 0 && next.at.equals(next.slot.changesAt)) {
        refresh(next.slot);
      }
    }
  }

  /** The slot's view as of the clock, its place in the tree, and when that view next changes. */
  @GuardedBy("this") private void refresh(Slot slot) {
    slot.candidate = new Candidate(slot.account.view(clock), slot.inFlight);
    place(slot);
    Instant changesAt = ViewChanges.next(slot.account, clock);
    Instant previous = slot.changesAt;
    // Set before any compaction, which rebuilds the queue from these fields.
    slot.changesAt = changesAt;
    if (changesAt != null && !changesAt.equals(previous)) {
      due.add(new Due(changesAt, slot));
      if (due.size() > 2 * size + 16) {
        compactDue();
      }
    }
  }

  /** Sets the slot's eligibility and weight from its candidate, and its key in the tree. */
  @GuardedBy("this") private void place(Slot slot) {
    Candidate candidate = slot.candidate;
    boolean nowEligible = rules.isEligible(candidate, Set.of(), false);
    eligible += (nowEligible ? 1 : 0) - (slot.eligible ? 1 : 0);
    slot.eligible = nowEligible;
    slot.weight = nowEligible ? units(rules.weight(candidate)) : 0;
    long key = candidate.secondaryResetEpochSecond;
    if (!slot.inTree) {
      tree.insert(slot.index, key, slot.weight);
      slot.inTree = true;
    } else if (tree.key(slot.index) != key) {
      tree.delete(slot.index);
      tree.insert(slot.index, key, slot.weight);
    } else {
      tree.setWeight(slot.index, slot.weight);
    }
  }

  /** The slot at {@code index}, which is below {@link #size}: never null there. */
  @GuardedBy("this") private Slot slot(int index) {
    return requireNonNull(slots[index]);
  }

  private static long units(double weight) {
    return weight <= 0 ? 0 : (long) Math.ceil(weight * UNITS_PER_CREDIT);
  }

  // Superseded entries pile up when an account's next change keeps moving (a reset reported a
  // second later on every response); rebuilding once they outnumber the live ones keeps the queue
  // O(n) at an amortised O(log n) per put.
  @GuardedBy("this") private void compactDue() {
    List<Due> live = new ArrayList<>(size);
    for (int i = 0; i < size; i++) {
      Slot slot = slot(i);
      Instant changesAt = slot.changesAt;
      if (changesAt != null) {
        live.add(new Due(changesAt, slot));
      }
    }
    due.clear();
    due.addAll(live);
  }

  /** One account's place in the table. */
  private static final class Slot {
    final AccountId id;
    Account account;
    Candidate candidate;
    int inFlight;
    int index;
    boolean inTree;
    boolean eligible;
    long weight;
    // When the view next changes by itself; null when it never will.
    @Nullable Instant changesAt;

    Slot(Account account, Candidate candidate) {
      this.id = account.id();
      this.account = account;
      this.candidate = candidate;
    }
  }

  /** When an account's view next changes by itself. */
  private static final class Due implements Comparable<Due> {
    final Instant at;
    final Slot slot;

    Due(Instant at, Slot slot) {
      this.at = at;
      this.slot = slot;
    }

    @Override
    public int compareTo(Due other) {
      return at.compareTo(other.at);
    }
  }

  /** The slots as candidates, in slot order, without copying. */
  private final class SlotList extends java.util.AbstractList<Candidate>
      implements java.util.RandomAccess {
    @Override
    @GuardedBy("RoutingTable.this") public Candidate get(int index) {
      return slot(java.util.Objects.checkIndex(index, size)).candidate;
    }

    @Override
    @GuardedBy("RoutingTable.this") public int size() {
      return size;
    }
  }
}
