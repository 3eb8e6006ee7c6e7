package io.codexlb.application;

import static java.util.Objects.requireNonNull;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import io.codexlb.domain.account.Account;
import io.codexlb.domain.account.AccountId;
import io.codexlb.domain.account.AccountStatus;
import io.codexlb.domain.health.Failures;
import io.codexlb.port.out.AccountRepository;
import io.codexlb.port.out.StoredAccount;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import org.jspecify.annotations.Nullable;

/**
 * Writes what the data plane learns about accounts to the store, so that a restart remembers it,
 * and never gives a write up: a write that fails is kept in memory, logged at WARN with the account
 * and the cause, and tried again with a growing back-off ({@link #FIRST_RETRY} doubling to {@link
 * #MAX_RETRY}) until the store takes it. A newer write of the same account replaces a kept one.
 *
 * <ul>
 *   <li>{@link #save} writes a whole account at once and announces it: new tokens after a refresh
 *       (the old refresh token is dead upstream from then on, so losing the new one would cost a
 *       new login), or a login that died. One save per account is in flight at a time.
 *   <li>{@link #changed} takes note of a state a request changed (limits, quota reports, error
 *       streaks change on nearly every response); the newest per account is written by the next
 *       {@link #flush} in one call that announces nothing ({@link AccountRepository#saveStates}).
 * </ul>
 *
 * <p>Thread-safe: requests on any thread report here; the store is called outside the lock.
 */
public final class AccountWriter {

  /** The wait before a failed write is tried again the first time. */
  static final Duration FIRST_RETRY = Duration.ofSeconds(1);

  /** The longest wait between two tries of a failed write. */
  static final Duration MAX_RETRY = Duration.ofSeconds(60);

  private static final Logger log = System.getLogger(AccountWriter.class.getName());

  private final AccountRepository accounts;
  private final Clock clock;
  private final Object lock = new Object();

  @GuardedBy("lock") private final Map<AccountId, Account> states = new HashMap<>();

  @GuardedBy("lock") private final Map<AccountId, StoredAccount> saves = new HashMap<>();

  @GuardedBy("lock") private final Map<AccountId, Backoff> saveRetries = new HashMap<>();

  @GuardedBy("lock") private final Map<AccountId, StoredAccount> sending = new HashMap<>();

  @GuardedBy("lock") private Backoff statesRetry = Backoff.NONE;

  @GuardedBy("lock") private boolean writingStates;

  /**
   * @param accounts where accounts are written
   * @param clock the time retries are due by
   */
  public AccountWriter(AccountRepository accounts, Clock clock) {
    this.accounts = requireNonNull(accounts, "accounts");
    this.clock = requireNonNull(clock, "clock");
  }

  /**
   * Takes note of an account a request changed: a login that died or an account gone upstream
   * ({@code deactivated}) is {@linkplain #save saved} at once so that every instance stops using
   * it; a paused account is left to whoever paused it; any other state waits for the next {@link
   * #flush}.
   */
  public void changed(StoredAccount account) {
    requireNonNull(account, "account");
    AccountStatus status = account.account().state().status();
    if (status == AccountStatus.DEACTIVATED) {
      save(account);
      return;
    }
    if (status != AccountStatus.PAUSED) {
      synchronized (lock) {
        states.put(account.id(), account.account());
      }
    }
  }

  /**
   * Saves the whole account now (and announces it), or as soon as the save of the same account
   * already in flight is done; on failure it is kept and tried again by {@link #flush} when due.
   */
  public void save(StoredAccount account) {
    requireNonNull(account, "account");
    StoredAccount next;
    synchronized (lock) {
      // The whole account carries its state: an older state waiting for the flush must not follow.
      states.remove(account.id());
      if (sending.containsKey(account.id())) {
        saves.put(account.id(), account); // the save in flight sends this one when it is done
        return;
      }
      saves.remove(account.id()); // a kept save, now superseded
      sending.put(account.id(), account);
      next = account;
    }
    send(next);
  }

  /**
   * The account as it will be stored once its {@link #save} (waiting, kept or in flight) succeeds:
   * what a reload of the store must not replace in memory meanwhile.
   */
  public Optional<StoredAccount> unsaved(AccountId id) {
    requireNonNull(id, "id");
    synchronized (lock) {
      StoredAccount waiting = saves.get(id);
      return Optional.ofNullable(waiting != null ? waiting : sending.get(id));
    }
  }

  /** Accounts with a state or a save not written yet. */
  public int pending() {
    synchronized (lock) {
      Set<AccountId> ids = new HashSet<>(states.keySet());
      ids.addAll(saves.keySet());
      ids.addAll(sending.keySet());
      return ids.size();
    }
  }

  /**
   * Writes the noted states in one call and tries again the kept saves, those whose retry is due.
   * Completes when done: normally when everything written was taken, exceptionally (after logging
   * it) when a write failed and was kept. One states write at a time.
   */
  public CompletionStage<Void> flush() {
    return flush(false);
  }

  /** {@link #flush()} without waiting for back-offs: for the last flush before the store closes. */
  public CompletionStage<Void> flushNow() {
    return flush(true);
  }

  private CompletionStage<Void> flush(boolean ignoreBackoff) {
    Instant now = clock.instant();
    List<StoredAccount> retries = new ArrayList<>();
    List<Account> batch = new ArrayList<>();
    synchronized (lock) {
      for (StoredAccount kept : List.copyOf(saves.values())) {
        Backoff backoff = saveRetries.getOrDefault(kept.id(), Backoff.NONE);
        if ((ignoreBackoff || backoff.due(now)) && !sending.containsKey(kept.id())) {
          sending.put(kept.id(), saves.remove(kept.id()));
          retries.add(kept);
        }
      }
      if (!states.isEmpty() && !writingStates && (ignoreBackoff || statesRetry.due(now))) {
        writingStates = true;
        batch.addAll(states.values());
        states.clear();
      }
    }
    List<CompletableFuture<Void>> writes = new ArrayList<>();
    for (StoredAccount retry : retries) {
      writes.add(send(retry));
    }
    if (!batch.isEmpty()) {
      writes.add(writeStates(batch));
    }
    return CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new));
  }

  /** Saves one account; completes as the save did, after the outcome is recorded. */
  private CompletableFuture<Void> send(StoredAccount account) {
    return accounts
        .save(account)
        .toCompletableFuture()
        .handle(
            (saved, error) -> {
              @Nullable StoredAccount next =
                  error == null ? saved(account) : saveFailed(account, error);
              if (next != null) {
                // Its outcome is recorded (and a failure logged and kept) by the same handler.
                send(next);
              }
              if (error != null) {
                throw new CompletionException(Failures.unwrap(error));
              }
              return null;
            });
  }

  /** Records a save that succeeded; returns a newer save of the account to send now, if any. */
  private @Nullable StoredAccount saved(StoredAccount account) {
    synchronized (lock) {
      saveRetries.remove(account.id());
      StoredAccount newer = saves.remove(account.id());
      if (newer == null) {
        sending.remove(account.id());
      } else {
        sending.put(account.id(), newer);
      }
      return newer;
    }
  }

  /**
   * Keeps a save that failed, unless a newer one replaced it meanwhile (that one is sent now).
   * Returns the save to send now, if any.
   */
  private @Nullable StoredAccount saveFailed(StoredAccount account, Throwable error) {
    Backoff backoff;
    StoredAccount newer;
    synchronized (lock) {
      newer = saves.remove(account.id());
      backoff = saveRetries.getOrDefault(account.id(), Backoff.NONE).failed(clock.instant());
      saveRetries.put(account.id(), backoff);
      if (newer == null) {
        saves.put(account.id(), account);
        sending.remove(account.id());
      } else {
        sending.put(account.id(), newer);
      }
    }
    log.log(
        Level.WARNING,
        "account {0}: saving it failed, kept and retried {1}: {2}",
        account.id().value(),
        newer == null ? "in " + backoff.delay.toSeconds() + " s" : "with its newer change now",
        Failures.oneLine(error));
    return newer;
  }

  private CompletableFuture<Void> writeStates(List<Account> batch) {
    return accounts
        .saveStates(batch)
        .toCompletableFuture()
        .handle(
            (written, error) -> {
              Backoff backoff;
              synchronized (lock) {
                writingStates = false;
                if (error == null) {
                  statesRetry = Backoff.NONE;
                  return null;
                }
                // A newer state that arrived meanwhile, or a save of the whole account, wins.
                for (Account account : batch) {
                  if (!saves.containsKey(account.id()) && !sending.containsKey(account.id())) {
                    states.putIfAbsent(account.id(), account);
                  }
                }
                statesRetry = statesRetry.failed(clock.instant());
                backoff = statesRetry;
              }
              log.log(
                  Level.WARNING,
                  "accounts {0}: writing their states failed, kept and retried in {1} s: {2}",
                  batch.stream().map(account -> account.id().value()).sorted().toList(),
                  backoff.delay.toSeconds(),
                  Failures.oneLine(error));
              throw new CompletionException(Failures.unwrap(error));
            });
  }

  /** When a failed write may be tried again, and how long the wait after its next failure is. */
  private record Backoff(Instant notBefore, Duration delay) {
    static final Backoff NONE = new Backoff(Instant.MIN, Duration.ZERO);

    boolean due(Instant now) {
      return !now.isBefore(notBefore);
    }

    Backoff failed(Instant now) {
      Duration next = delay.isZero() ? FIRST_RETRY : delay.multipliedBy(2);
      if (next.compareTo(MAX_RETRY) > 0) {
        next = MAX_RETRY;
      }
      return new Backoff(now.plus(next), next);
    }
  }
}
