package io.codexlb.domain.sticky;

import static java.util.Objects.requireNonNull;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import io.codexlb.domain.account.AccountId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * The in-memory table of sticky pins: which account each conversation key is pinned to, and until
 * when. The table is what routing reads; the application writes its pins behind to the store and
 * {@linkplain #restore restores} a stored pin on a miss, so pins survive a restart and are shared
 * by instances on one store.
 *
 * <p><b>Expiry.</b> A pin made or used at {@code t} holds for every {@code now} strictly before
 * {@code t + ttl}; at {@code t + ttl} exactly it is gone. Each use (a {@link #lookup} that finds
 * it, or a {@link #resolve} that keeps it) slides the expiry to {@code now + ttl}, never backwards,
 * so requests that reach the table slightly out of order cannot shorten a pin. A changed time to
 * live applies to a pin from its next use. Expired pins count as absent at once and are removed
 * lazily or by {@link #evictExpired}.
 *
 * <p><b>Moving pins.</b> When the pinned account cannot serve, the request goes to another account
 * and {@link #pin} moves the key there (the troubleshooting guide: "Session reallocated to
 * different account"). Upstream codex-lb keeps its time-limited pins on a temporary fallback; the
 * guide wins. Two racing requests for one key may both re-pin; the last pin wins.
 *
 * <p><b>Bound.</b> At most {@link #maxEntries()} pins are kept. Pinning a new key into a full table
 * first drops expired pins, then the pin closest to expiry (the least recently used, while the time
 * to live is unchanged), so memory cannot grow without limit.
 *
 * <p><b>Disabled.</b> With stickiness off every lookup finds nothing, nothing is pinned, and
 * turning it off empties the table, so turning it back on starts fresh.
 *
 * <p>Thread-safe: each operation holds the table's monitor for a few map operations ({@code O(log
 * n)}, except {@link #forget(AccountId)} and {@link #pins}, which scan). No threads, no clock.
 */
public final class StickySessions {

  /**
   * The default bound: about 20 MB with the 36-character UUID keys Codex sends, far more
   * conversations than a pool of accounts serves within one time to live.
   */
  public static final int DEFAULT_MAX_ENTRIES = 100_000;

  private static final Comparator<Entry> BY_EXPIRY =
      Comparator.comparing(Entry::expiresAt).thenComparingLong(Entry::sequence);

  private final int maxEntries;

  @GuardedBy("this") private final Map<StickyKey, Entry> byKey = new HashMap<>();

  @GuardedBy("this") private final TreeSet<Entry> byExpiry = new TreeSet<>(BY_EXPIRY);

  @GuardedBy("this") private StickyPolicy policy;

  // Breaks ties between equal expiries so the ordered set never confuses two pins.
  @GuardedBy("this") private long sequence;

  private StickySessions(StickyPolicy policy, int maxEntries) {
    this.policy = policy;
    this.maxEntries = maxEntries;
  }

  /** An empty table with the given policy and {@link #DEFAULT_MAX_ENTRIES}. */
  public static StickySessions create(StickyPolicy policy) {
    return create(policy, DEFAULT_MAX_ENTRIES);
  }

  /**
   * An empty table.
   *
   * @param maxEntries the most pins kept at once; at least 1
   */
  public static StickySessions create(StickyPolicy policy, int maxEntries) {
    requireNonNull(policy, "policy");
    if (maxEntries < 1) {
      throw new IllegalArgumentException("maxEntries: " + maxEntries + " (expected: >= 1)");
    }
    return new StickySessions(policy, maxEntries);
  }

  /** The policy in force. */
  public synchronized StickyPolicy policy() {
    return policy;
  }

  /** Applies a new policy, as when the routing settings change; disabling empties the table. */
  public synchronized void configure(StickyPolicy newPolicy) {
    requireNonNull(newPolicy, "newPolicy");
    policy = newPolicy;
    if (!newPolicy.enabled()) {
      byKey.clear();
      byExpiry.clear();
    }
  }

  /**
   * The account {@code key} is pinned to at {@code now}, if any; finding it counts as a use and
   * slides its expiry.
   */
  public synchronized Optional<AccountId> lookup(StickyKey key, Instant now) {
    requireNonNull(key, "key");
    requireNonNull(now, "now");
    Entry entry = liveEntry(key, now);
    if (entry == null) {
      return Optional.empty();
    }
    refresh(entry, now);
    return Optional.of(entry.account());
  }

  /**
   * Decides where a request with {@code key} goes: to its pinned account while that is eligible
   * (refreshing the pin), otherwise to an account the caller picks and then {@link #pin}s.
   *
   * @param eligible whether an account can serve this request now; called without holding the
   *     table's monitor, so it may be slow or consult other state
   */
  public StickyDecision resolve(StickyKey key, Instant now, Predicate<AccountId> eligible) {
    requireNonNull(key, "key");
    requireNonNull(now, "now");
    requireNonNull(eligible, "eligible");
    Entry entry;
    synchronized (this) {
      entry = liveEntry(key, now);
    }
    if (entry == null) {
      return new StickyDecision.PickAndPin(Optional.empty());
    }
    if (!eligible.test(entry.account())) {
      return new StickyDecision.PickAndPin(Optional.of(entry.account()));
    }
    synchronized (this) {
      Entry current = byKey.get(key);
      // Another request may have moved or dropped the pin meanwhile; then leave its choice alone.
      if (current != null && current.account().equals(entry.account())) {
        refresh(current, now);
      }
    }
    return new StickyDecision.UsePinned(entry.account());
  }

  /**
   * Pins {@code key} to {@code account} until {@code now + ttl}, replacing any pin it had; does
   * nothing while stickiness is off.
   */
  public synchronized void pin(StickyKey key, AccountId account, Instant now) {
    requireNonNull(key, "key");
    requireNonNull(account, "account");
    requireNonNull(now, "now");
    if (!policy.enabled()) {
      return;
    }
    Entry previous = byKey.remove(key);
    if (previous != null) {
      byExpiry.remove(previous);
    }
    makeRoomFor(now);
    put(new Entry(key, account, now.plus(policy.ttl()), sequence++));
  }

  /**
   * The pin of {@code key} live at {@code now}, if any, without counting as a use (its expiry does
   * not slide): what the write-behind saves after a request used or made the pin.
   */
  public synchronized Optional<StickyPin> peek(StickyKey key, Instant now) {
    requireNonNull(key, "key");
    requireNonNull(now, "now");
    Entry entry = liveEntry(key, now);
    return entry == null
        ? Optional.empty()
        : Optional.of(new StickyPin(entry.key(), entry.account(), entry.expiresAt()));
  }

  /**
   * Puts back a pin read from the store, with its stored expiry, unless the table already has a
   * live pin for its key (memory is never older than the store: the store is written behind it),
   * the pin is expired at {@code now}, or stickiness is off.
   *
   * @return whether the pin was put
   */
  public synchronized boolean restore(StickyPin pin, Instant now) {
    requireNonNull(pin, "pin");
    requireNonNull(now, "now");
    if (!policy.enabled() || !pin.liveAt(now) || liveEntry(pin.key(), now) != null) {
      return false;
    }
    makeRoomFor(now);
    put(new Entry(pin.key(), pin.account(), pin.expiresAt(), sequence++));
    return true;
  }

  /** Removes every pin, as when an administrator purged the stored ones; how many there were. */
  public synchronized int clear() {
    int removed = byKey.size();
    byKey.clear();
    byExpiry.clear();
    return removed;
  }

  /** Removes the pin of {@code key}, as the dashboard's delete does; whether there was one. */
  public synchronized boolean unpin(StickyKey key) {
    requireNonNull(key, "key");
    Entry removed = byKey.remove(key);
    if (removed == null) {
      return false;
    }
    byExpiry.remove(removed);
    return true;
  }

  /** Removes every pin to {@code account}, as when the account is deleted; how many there were. */
  public synchronized int forget(AccountId account) {
    requireNonNull(account, "account");
    int removed = 0;
    for (Iterator<Entry> it = byExpiry.iterator(); it.hasNext(); ) {
      Entry entry = it.next();
      if (entry.account().equals(account)) {
        it.remove();
        byKey.remove(entry.key());
        removed++;
      }
    }
    return removed;
  }

  /** Removes every pin expired at {@code now}; how many there were. */
  public synchronized int evictExpired(Instant now) {
    requireNonNull(now, "now");
    int removed = 0;
    while (!byExpiry.isEmpty() && !now.isBefore(byExpiry.first().expiresAt())) {
      byKey.remove(byExpiry.pollFirst().key());
      removed++;
    }
    return removed;
  }

  /** The pins live at {@code now}, soonest expiry first. */
  public synchronized List<StickyPin> pins(Instant now) {
    requireNonNull(now, "now");
    List<StickyPin> live = new ArrayList<>();
    for (Entry entry : byExpiry) {
      if (now.isBefore(entry.expiresAt())) {
        live.add(new StickyPin(entry.key(), entry.account(), entry.expiresAt()));
      }
    }
    return List.copyOf(live);
  }

  /** How many pins are held, expired ones not yet evicted included. */
  public synchronized int size() {
    return byKey.size();
  }

  /** The most pins held at once. */
  public int maxEntries() {
    return maxEntries;
  }

  @GuardedBy("this") private @Nullable Entry liveEntry(StickyKey key, Instant now) {
    if (!policy.enabled()) {
      return null;
    }
    Entry entry = byKey.get(key);
    if (entry == null) {
      return null;
    }
    if (!now.isBefore(entry.expiresAt())) {
      byKey.remove(key);
      byExpiry.remove(entry);
      return null;
    }
    return entry;
  }

  @GuardedBy("this") private void refresh(Entry entry, Instant now) {
    Instant slid = now.plus(policy.ttl());
    if (!slid.isAfter(entry.expiresAt())) {
      return;
    }
    byExpiry.remove(entry);
    put(new Entry(entry.key(), entry.account(), slid, sequence++));
  }

  @GuardedBy("this") private void makeRoomFor(Instant now) {
    if (byKey.size() < maxEntries) {
      return;
    }
    evictExpired(now);
    while (byKey.size() >= maxEntries) {
      byKey.remove(byExpiry.pollFirst().key());
    }
  }

  @GuardedBy("this") private void put(Entry entry) {
    byKey.put(entry.key(), entry);
    byExpiry.add(entry);
  }

  private record Entry(StickyKey key, AccountId account, Instant expiresAt, long sequence) {}
}
