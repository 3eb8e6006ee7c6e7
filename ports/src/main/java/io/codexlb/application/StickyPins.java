package io.codexlb.application;

import static java.util.Objects.requireNonNull;

import io.codexlb.domain.account.AccountId;
import io.codexlb.domain.health.Failures;
import io.codexlb.domain.sticky.StickyKey;
import io.codexlb.domain.sticky.StickyPin;
import io.codexlb.domain.sticky.StickySessions;
import io.codexlb.port.out.StickySessionRepository;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Keeps the in-memory sticky pins and the stored ones coherent, so that pins survive a restart and
 * are shared by instances on one PostgreSQL store, without a store call on the request path:
 *
 * <ul>
 *   <li><b>Write-behind.</b> A pick that made or used a pin {@linkplain #touched notes} it; {@link
 *       #flush} (the data plane's 1 s tick) writes the newest pin of each noted key in one batch. A
 *       failed batch is logged and kept for the next flush (a newer pin of a key wins).
 *   <li><b>Read on a miss.</b> Before a request with a sticky key is routed, {@link #recall} looks
 *       for its pin in memory; when there is none it reads the store once (one read per key at a
 *       time, whatever the number of requests waiting) and puts a live stored pin back in memory.
 *       The request waits for that read at most {@link #READ_TIMEOUT}, then is routed without it; a
 *       read that answers later still fills memory for the next request.
 *   <li><b>Deletion.</b> An account that left the pool loses its pins in memory at once and in the
 *       store at the next flush. When an administrator deletes or purges stored pins ({@link
 *       io.codexlb.port.out.StoreChange#STICKY_SESSIONS}), every instance {@linkplain #dropAll
 *       drops} its pins in memory and its unwritten notes, and reads the store again on the next
 *       miss, so a deleted pin is gone everywhere within the change feed's second.
 *   <li><b>Expiry.</b> {@link #flush} also evicts the pins expired in memory; the store's expired
 *       pins are deleted by the store upkeep job and are never read back meanwhile.
 * </ul>
 *
 * <p>Thread-safe. The store is never called while a lock is held.
 */
public final class StickyPins {

  /** The longest a request waits for the store to answer whether its key has a pin. */
  public static final Duration READ_TIMEOUT = Duration.ofMillis(250);

  /** The shortest time between two WARN lines about failed store reads. */
  private static final long READ_FAILURE_LOG_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(10);

  private static final Logger log = System.getLogger(StickyPins.class.getName());

  private final StickySessions sessions;
  private final StickySessionRepository store;
  private final Duration readTimeout;
  private final Map<StickyKey, StickyPin> noted = new ConcurrentHashMap<>();
  private final Set<AccountId> removedAccounts = ConcurrentHashMap.newKeySet();
  private final Map<StickyKey, CompletableFuture<Void>> reads = new ConcurrentHashMap<>();
  private final AtomicBoolean flushing = new AtomicBoolean();
  private final AtomicLong lastReadFailureLog =
      new AtomicLong(System.nanoTime() - READ_FAILURE_LOG_INTERVAL_NANOS);

  /**
   * @param sessions the pins routing reads
   * @param store where the pins are kept
   * @param readTimeout the longest a request waits for a read on a miss; positive
   */
  public StickyPins(StickySessions sessions, StickySessionRepository store, Duration readTimeout) {
    this.sessions = requireNonNull(sessions, "sessions");
    this.store = requireNonNull(store, "store");
    this.readTimeout = requireNonNull(readTimeout, "readTimeout");
    if (readTimeout.isNegative() || readTimeout.isZero()) {
      throw new IllegalArgumentException("readTimeout: " + readTimeout + " (expected: > 0)");
    }
  }

  /** The in-memory pins. */
  public StickySessions sessions() {
    return sessions;
  }

  /**
   * Makes sure memory holds the stored pin of {@code key}, if the store has a live one: completes
   * at once when there is no key, stickiness is off or memory has a pin; otherwise once the store
   * answered or the read timeout passed, whichever is first, on the thread that completed it (the
   * store's, or the JDK's timer thread): what follows must not block, as nothing on the request
   * path does. Never fails (a failed read is logged and the request is routed without the pin).
   */
  public CompletionStage<Void> recall(Optional<StickyKey> key, Instant now) {
    requireNonNull(key, "key");
    requireNonNull(now, "now");
    if (key.isEmpty()
        || !sessions.policy().enabled()
        || sessions.peek(key.get(), now).isPresent()) {
      return CompletableFuture.completedFuture(null);
    }
    // The first request to miss on this key reads; the others wait for the same read.
    CompletableFuture<Void> fresh = new CompletableFuture<>();
    CompletableFuture<Void> read = reads.putIfAbsent(key.get(), fresh);
    if (read == null) {
      read = fresh;
      startRead(key.get(), fresh, now);
    }
    if (read.isDone()) {
      return read;
    }
    CompletableFuture<Void> waiter = new CompletableFuture<>();
    read.whenComplete((ignored, error) -> waiter.complete(null));
    return waiter.completeOnTimeout(null, readTimeout.toNanos(), TimeUnit.NANOSECONDS);
  }

  private void startRead(StickyKey key, CompletableFuture<Void> read, Instant now) {
    CompletionStage<Optional<StickyPin>> found;
    try {
      found = store.find(key, now);
    } catch (RuntimeException e) {
      found = CompletableFuture.failedFuture(e);
    }
    found.whenComplete(
        (pin, error) -> {
          if (error != null) {
            readFailed(error);
          } else {
            pin.ifPresent(stored -> sessions.restore(stored, now));
          }
          reads.remove(key, read);
          read.complete(null);
        });
  }

  private void readFailed(Throwable error) {
    long nowNanos = System.nanoTime();
    long last = lastReadFailureLog.get();
    if (nowNanos - last >= READ_FAILURE_LOG_INTERVAL_NANOS
        && lastReadFailureLog.compareAndSet(last, nowNanos)) {
      log.log(
          Level.WARNING,
          "sticky pins: reading a pin from the store failed, requests are routed without it: {0}",
          Failures.oneLine(error));
    }
  }

  /**
   * The pin a request with {@code key} would be routed with now, found as {@link #recall} finds it
   * but changing nothing: memory first, else a live pin in the store, which is not put in memory
   * (nothing is restored, noted or slid). Empty when stickiness is off, as the proxy then uses no
   * pin. Completes exceptionally when the store read fails.
   */
  public CompletionStage<Optional<StickyPin>> lookup(StickyKey key, Instant now) {
    requireNonNull(key, "key");
    requireNonNull(now, "now");
    if (!sessions.policy().enabled()) {
      return CompletableFuture.completedFuture(Optional.empty());
    }
    Optional<StickyPin> inMemory = sessions.peek(key, now);
    if (inMemory.isPresent()) {
      return CompletableFuture.completedFuture(inMemory);
    }
    return store.find(key, now);
  }

  /**
   * Notes that a request made or used the pin of {@code key}: its pin as it now is in memory is
   * written by the next {@link #flush}.
   */
  public void touched(StickyKey key, Instant now) {
    requireNonNull(key, "key");
    requireNonNull(now, "now");
    sessions.peek(key, now).ifPresent(pin -> noted.put(key, pin));
  }

  /** The account left the pool: its pins go from memory now and from the store at the flush. */
  public void accountRemoved(AccountId account) {
    requireNonNull(account, "account");
    sessions.forget(account);
    noted.values().removeIf(pin -> pin.account().equals(account));
    removedAccounts.add(account);
  }

  /**
   * Stored pins were deleted by an administrator: drops every pin in memory and every note not yet
   * written, so the next request of each key reads the store again.
   */
  public void dropAll() {
    noted.clear();
    sessions.clear();
  }

  /** Pins noted and accounts removed, not yet written. */
  public int pending() {
    return noted.size() + removedAccounts.size();
  }

  /**
   * Evicts the pins expired in memory, then writes the noted pins in one batch and deletes the
   * stored pins of removed accounts. One flush at a time (a call while one runs does nothing).
   * Completes when done; exceptionally, after logging it, when a write failed (what failed is kept
   * for the next flush).
   */
  public CompletionStage<Void> flush(Instant now) {
    requireNonNull(now, "now");
    sessions.evictExpired(now);
    if (!flushing.compareAndSet(false, true)) {
      return CompletableFuture.completedFuture(null);
    }
    List<StickyPin> batch = new ArrayList<>();
    for (StickyKey key : List.copyOf(noted.keySet())) {
      StickyPin pin = noted.remove(key);
      if (pin != null) {
        batch.add(pin);
      }
    }
    List<AccountId> accounts = List.copyOf(removedAccounts);
    removedAccounts.removeAll(accounts);
    List<CompletableFuture<Void>> writes = new ArrayList<>();
    if (!batch.isEmpty()) {
      writes.add(
          attempt(() -> store.saveAll(batch))
              .whenComplete(
                  (done, error) -> {
                    if (error != null) {
                      // A pin noted meanwhile is newer and wins.
                      batch.forEach(pin -> noted.putIfAbsent(pin.key(), pin));
                      log.log(
                          Level.WARNING,
                          "sticky pins: writing {0} pins failed, kept for the next flush: {1}",
                          batch.size(),
                          Failures.oneLine(error));
                    }
                  }));
    }
    for (AccountId account : accounts) {
      writes.add(
          attempt(() -> store.deleteByAccount(account).thenApply(deleted -> (Void) null))
              .whenComplete(
                  (done, error) -> {
                    if (error != null) {
                      removedAccounts.add(account);
                      log.log(
                          Level.WARNING,
                          "account {0}: deleting its sticky pins failed, retried at the next flush:"
                              + " {1}",
                          account.value(),
                          Failures.oneLine(error));
                    }
                  }));
    }
    return CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new))
        .whenComplete((done, error) -> flushing.set(false));
  }

  private static CompletableFuture<Void> attempt(Supplier<CompletionStage<Void>> write) {
    try {
      return write.get().toCompletableFuture();
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }
}
