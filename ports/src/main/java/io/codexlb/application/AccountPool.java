package io.codexlb.application;

import static java.util.Objects.requireNonNull;

import io.codexlb.domain.account.Account;
import io.codexlb.domain.account.AccountEvent;
import io.codexlb.domain.account.AccountId;
import io.codexlb.domain.routing.Eligibility;
import io.codexlb.domain.routing.PickResult;
import io.codexlb.domain.routing.RoutingTable;
import io.codexlb.domain.routing.StickyRouting;
import io.codexlb.domain.settings.RoutingSettings;
import io.codexlb.domain.sticky.StickyKey;
import io.codexlb.domain.sticky.StickyPin;
import io.codexlb.domain.sticky.StickySessions;
import io.codexlb.port.out.SecretCipher;
import io.codexlb.port.out.SecretCipherException;
import io.codexlb.port.out.StoreChange;
import io.codexlb.port.out.StorePorts;
import io.codexlb.port.out.StoredAccount;
import io.codexlb.port.out.UpstreamCredentials;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.random.RandomGenerator;

/**
 * The pool of accounts the data plane routes over, held in memory and kept coherent with the store:
 * picks over a {@link RoutingTable} (with sticky sessions), the accounts as stored with their
 * opened tokens, and what requests learn of an account, applied in memory at once (the next pick
 * already avoids an account that was just rate limited) and written to the store behind them by its
 * {@link AccountWriter}.
 *
 * <p>When the store announces a change to the accounts, the pool takes every account as stored
 * (added, changed, removed; requests in flight are kept), except an account whose save is still
 * being retried: memory keeps that one, since the store has an older form of it. A change to the
 * settings reconfigures the routing and the sticky sessions. A pick never reads the store; the
 * sticky pins are written behind and read on a miss by its {@link StickyPins}.
 */
public final class AccountPool {

  /** The longest a request waits for a slot when every account is at its cap, by default. */
  public static final Duration DEFAULT_QUEUE_TIMEOUT = Duration.ofSeconds(30);

  private final RoutingTable table;
  private final StickySessions sessions;
  private final AccountCredentials credentials;
  private final AccountWriter writes;
  private final StickyPins sticky;
  private final Map<AccountId, StoredAccount> stored = new ConcurrentHashMap<>();
  private final Clock clock;
  private final SlotQueue queue;

  private AccountPool(
      RoutingTable table,
      StickySessions sessions,
      AccountCredentials credentials,
      AccountWriter writes,
      StickyPins sticky,
      Clock clock,
      SlotQueue.Policy queuePolicy) {
    this.table = table;
    this.sessions = sessions;
    this.credentials = credentials;
    this.writes = writes;
    this.sticky = sticky;
    this.clock = clock;
    this.queue = new SlotQueue(queuePolicy, new QueueSlots());
  }

  /**
   * Loads the settings and the accounts, then keeps the pool coherent with the store; completes
   * once both are loaded.
   *
   * @param store where the accounts and settings are, and their change announcements
   * @param cipher opens the accounts' tokens
   * @param random the randomness of {@code capacity_weighted}
   * @param clock the time the account writer's retries are due by
   */
  public static CompletionStage<AccountPool> start(
      StorePorts store, SecretCipher cipher, RandomGenerator random, Clock clock) {
    return start(store, cipher, random, clock, SlotQueue.Policy.of(DEFAULT_QUEUE_TIMEOUT));
  }

  /**
   * As {@link #start(StorePorts, SecretCipher, RandomGenerator, Clock)}, requests waiting for a
   * slot as {@code queuePolicy} says.
   */
  static CompletionStage<AccountPool> start(
      StorePorts store,
      SecretCipher cipher,
      RandomGenerator random,
      Clock clock,
      SlotQueue.Policy queuePolicy) {
    requireNonNull(queuePolicy, "queuePolicy");
    requireNonNull(store, "store");
    requireNonNull(cipher, "cipher");
    requireNonNull(random, "random");
    requireNonNull(clock, "clock");
    return store
        .settings()
        .load()
        .thenCompose(
            initial -> {
              StickySessions sessions = StickySessions.create(initial.stickyPolicy());
              AccountPool pool =
                  new AccountPool(
                      RoutingTable.of(initial, random),
                      sessions,
                      new AccountCredentials(cipher),
                      new AccountWriter(store.accounts(), clock),
                      new StickyPins(sessions, store.stickySessions(), StickyPins.READ_TIMEOUT),
                      clock,
                      queuePolicy);
              store
                  .changes()
                  .subscribe(
                      change -> {
                        if (change == StoreChange.STICKY_SESSIONS) {
                          pool.sticky.dropAll();
                        }
                      });
              return CoherentView.<RoutingSettings>load(
                      StoreChange.SETTINGS,
                      () -> store.settings().load().thenApply(pool::configure),
                      store.changes())
                  .thenCompose(
                      settingsView ->
                          CoherentView.<Set<AccountId>>load(
                              StoreChange.ACCOUNTS,
                              () -> store.accounts().findAll().thenApply(pool::mirror),
                              store.changes()))
                  .thenApply(accountsView -> pool);
            });
  }

  /**
   * Picks an account and counts the request as in flight on it.
   *
   * @param excluded accounts that already failed for this request
   * @param now the instant of the pick
   * @return the account, or why none can serve
   */
  public PickResult pickAndAcquire(Set<AccountId> excluded, Instant now) {
    return table.pickAndAcquire(excluded, now);
  }

  /**
   * Picks an account for a request that may belong to a session, and counts it as in flight: a
   * session's account is reused while it can serve (the pin slides), otherwise another is picked
   * and pinned. Without sticky threads, or without a key, this is {@link #pickAndAcquire(Set,
   * Instant)}.
   *
   * @param session the request's sticky key, if it has one
   * @param excluded accounts that already failed for this request
   * @param now the instant of the pick
   * @return the account, or why none can serve
   */
  public PickResult pickAndAcquire(
      Optional<StickyKey> session, Set<AccountId> excluded, Instant now) {
    requireNonNull(session, "session");
    if (session.isEmpty()) {
      return table.pickAndAcquire(excluded, now);
    }
    PickResult result = StickyRouting.pick(sessions, session, table, excluded, now);
    if (result instanceof PickResult.Picked picked && !table.acquire(picked.account())) {
      // The account left the pool between the pick and the count: pick again without it.
      sessions.forget(picked.account());
      return table.pickAndAcquire(excluded, now);
    }
    if (result instanceof PickResult.Picked) {
      sticky.touched(session.get(), now); // the pin was made or slid: written behind
    }
    return result;
  }

  /**
   * Picks an account as {@link #pickAndAcquire(Optional, Set, Instant)} does, but when every
   * account that could serve is at its concurrency cap, waits in a fair queue for a slot, up to the
   * queue's timeout (see {@link SlotQueue}). Cancelling the returned future (the client went away)
   * leaves the queue.
   *
   * @return the pick, or why none: {@link io.codexlb.domain.routing.RefusalReason#ALL_BUSY} when no
   *     slot came free in time or too many requests already wait
   */
  public CompletableFuture<PickResult> pickOrWait(
      Optional<StickyKey> session, Set<AccountId> excluded, Instant now) {
    return queue.pickOrWait(session, excluded, now);
  }

  /** How many requests wait for a slot. */
  public int waiting() {
    return queue.waiting();
  }

  /**
   * Counts one more request in flight on an account the caller already holds (a retry on the same
   * account after its token was refreshed).
   *
   * @return false when the account has left the pool
   */
  public boolean acquire(AccountId account) {
    return table.acquire(account);
  }

  /**
   * Ends a request {@link #pickAndAcquire} counted, and hands the freed slot to the oldest request
   * waiting for one; false when the account has left the pool.
   */
  public boolean release(AccountId account) {
    boolean inPool = table.release(account);
    queue.serve(clock.instant());
    return inPool;
  }

  /** For each account, whether it is eligible now and why. */
  public List<Eligibility> explain(Instant now) {
    return table.explain(Set.of(), now);
  }

  /**
   * The account {@code session} is pinned to in memory now, if stickiness is on; the pin does not
   * slide and nothing is read from the store.
   */
  public Optional<AccountId> pinned(StickyKey session, Instant now) {
    if (!sessions.policy().enabled()) {
      return Optional.empty();
    }
    return sessions.peek(session, now).map(StickyPin::account);
  }

  /**
   * The account a request with {@code session} would be pinned to now, found as the proxy finds it
   * on a miss: memory, else the store ({@link StickyPins#lookup}); reads only, nothing is put in
   * memory or written.
   */
  public CompletionStage<Optional<AccountId>> recallPinned(StickyKey session, Instant now) {
    return sticky.lookup(session, now).thenApply(pin -> pin.map(StickyPin::account));
  }

  /** Every account of the pool as {@link #account} has it, in no particular order. */
  public List<StoredAccount> accounts() {
    return List.copyOf(stored.values());
  }

  /** The account as stored, with what requests observed of it since applied. */
  public Optional<StoredAccount> account(AccountId id) {
    return Optional.ofNullable(stored.get(requireNonNull(id, "id")));
  }

  /**
   * The account's credentials for upstream, its access token opened (once per token).
   *
   * @return empty when the account is not in the pool or its token cannot be opened
   */
  public Optional<UpstreamCredentials> credentials(AccountId id) {
    try {
      return account(id).map(credentials::of);
    } catch (SecretCipherException unreadable) {
      return Optional.empty();
    }
  }

  /**
   * When the account's access token expires, if it says (its {@code exp} claim), read from memory.
   *
   * @return empty also when the account is not in the pool or its token cannot be opened
   */
  public Optional<Instant> accessExpiry(AccountId id) {
    try {
      return account(id).flatMap(credentials::expiresAt);
    } catch (SecretCipherException unreadable) {
      return Optional.empty();
    }
  }

  /**
   * Takes tokens that are already stored (refreshed here or by another instance) into the account
   * in memory, keeping what requests observed of it: nothing is written, the store has them.
   *
   * @param stored the account as the store has it, whose tokens, last refresh and identity are
   *     taken
   * @return whether the account is in the pool
   */
  public boolean adoptTokens(StoredAccount stored) {
    requireNonNull(stored, "stored");
    return this.stored.computeIfPresent(
            stored.id(),
            (ignored, current) ->
                new StoredAccount(
                    current.account(),
                    stored.chatgptAccountId(),
                    stored.email(),
                    stored.tokens(),
                    stored.lastRefresh(),
                    current.createdAt()))
        != null;
  }

  /**
   * The account's refresh token, opened (never cached).
   *
   * @return empty when the account is not in the pool or its token cannot be opened
   */
  public Optional<String> refreshToken(AccountId id) {
    try {
      return account(id).map(credentials::refreshToken);
    } catch (SecretCipherException unreadable) {
      return Optional.empty();
    }
  }

  /**
   * Applies what a request observed of an account (a quota report, a rate limit, an error, a
   * success) to the account in memory, where the next pick sees it, and hands the changed account
   * to the {@link #writes() writer}.
   *
   * @return the account as it now is, when the event changed it; empty when it changed nothing or
   *     the account is not in the pool
   */
  public Optional<StoredAccount> record(AccountId id, AccountEvent event, Instant now) {
    requireNonNull(event, "event");
    requireNonNull(now, "now");
    StoredAccount[] changed = new StoredAccount[1];
    stored.computeIfPresent(
        id,
        (ignored, current) -> {
          Account next = current.account().on(event, now);
          if (next.equals(current.account())) {
            return current;
          }
          table.put(next);
          changed[0] = current.withAccount(next);
          return changed[0];
        });
    if (changed[0] != null) {
      writes.changed(changed[0]);
      // The account may serve again (a success ended its backoff): waiters need not wait longer.
      queue.serve(now);
    }
    return Optional.ofNullable(changed[0]);
  }

  /**
   * Replaces an account of the pool in memory (new tokens) and saves it: memory first, since the
   * old refresh token is dead upstream from now on whatever the store does; the writer retries the
   * save until the store takes it. An account that left the pool meanwhile (deleted) is neither put
   * back nor saved.
   *
   * @return whether the account is in the pool
   */
  public boolean replace(StoredAccount account) {
    requireNonNull(account, "account");
    StoredAccount replaced =
        stored.computeIfPresent(
            account.id(),
            (ignored, current) -> {
              table.put(account.account());
              return account;
            });
    if (replaced == null) {
      return false;
    }
    writes.save(account);
    return true;
  }

  /** Writes the sticky pins behind and reads them on a miss. */
  public StickyPins sticky() {
    return sticky;
  }

  /** Writes what the pool learnt of its accounts to the store. */
  public AccountWriter writes() {
    return writes;
  }

  private RoutingSettings configure(RoutingSettings loaded) {
    table.configure(loaded);
    sessions.configure(loaded.stickyPolicy());
    // A higher cap frees slots at once.
    queue.serve(clock.instant());
    return loaded;
  }

  /** Makes the table and the accounts hold exactly the stored accounts; returns their ids. */
  private Set<AccountId> mirror(List<StoredAccount> all) {
    Map<AccountId, StoredAccount> byId = new ConcurrentHashMap<>();
    for (StoredAccount loaded : all) {
      StoredAccount account = writes.unsaved(loaded.id()).orElse(loaded);
      byId.put(account.id(), account);
      table.put(account.account());
      stored.put(account.id(), account);
    }
    for (AccountId id : Set.copyOf(stored.keySet())) {
      if (!byId.containsKey(id)) {
        stored.remove(id);
        table.remove(id);
        sticky.accountRemoved(id);
      }
    }
    // New or reactivated accounts serve the waiters; removed ones may leave them with none.
    queue.serve(clock.instant());
    return Set.copyOf(byId.keySet());
  }

  /** The pool as the queue sees it. */
  private final class QueueSlots implements SlotQueue.Slots {
    @Override
    public PickResult pickAndAcquire(
        Optional<StickyKey> session, Set<AccountId> excluded, Instant now) {
      return AccountPool.this.pickAndAcquire(session, excluded, now);
    }

    @Override
    public void release(AccountId account) {
      AccountPool.this.release(account);
    }
  }
}
