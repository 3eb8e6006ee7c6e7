package io.codexlb.application;

import static java.util.Objects.requireNonNull;

import io.codexlb.domain.account.AccountEvent;
import io.codexlb.domain.account.AccountId;
import io.codexlb.domain.account.AccountStatus;
import io.codexlb.domain.account.RefreshPolicy;
import io.codexlb.domain.health.Failures;
import io.codexlb.port.out.AccountRepository;
import io.codexlb.port.out.AccountTokens;
import io.codexlb.port.out.RefreshClaim;
import io.codexlb.port.out.RefreshSave;
import io.codexlb.port.out.SealedSecret;
import io.codexlb.port.out.SecretCipher;
import io.codexlb.port.out.SecretCipherException;
import io.codexlb.port.out.StoredAccount;
import io.codexlb.port.out.TokenRefresh;
import io.codexlb.port.out.TokenRefresher;
import io.codexlb.port.out.UpstreamCredentials;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * Renews accounts' tokens so that none is ever lost, on any instance sharing the store. Refresh
 * tokens rotate and are single-use upstream: refreshing twice with one token is a reuse, which
 * upstream answers by revoking the login. So a renewal:
 *
 * <ol>
 *   <li>runs once per account at a time in this process (single flight: requests that need it while
 *       it runs wait for it);
 *   <li>claims the account in the store ({@link AccountRepository#claimRefresh}, {@link
 *       #CLAIM_TTL}) with the refresh token it would use. When the store has another token by now,
 *       another instance (or a login) renewed it: those tokens are taken and nothing is refreshed.
 *       When another instance holds the claim, this one asks again every {@link #CLAIM_POLL} until
 *       that instance stored its tokens (taken as above) or its claim lapsed (it died: this one
 *       takes over);
 *   <li>with the claim, calls the token endpoint once, and stores the new tokens with a
 *       compare-and-set on the old refresh token ({@link AccountRepository#storeRefreshed}) BEFORE
 *       any request uses them. If the store refuses (someone stored other tokens meanwhile), the
 *       store wins: the new tokens are dropped unused and the stored ones taken, since every
 *       instance reads the store and an instance using tokens nobody else has would split the
 *       account in two. If the store fails, the new tokens are kept in memory, unused, and the
 *       store is tried again (1 s doubling to 30 s) until it takes or refuses them; the account is
 *       not renewed again meanwhile.
 * </ol>
 *
 * <p>When: on an upstream 401 ({@link #renew}, always), before a request when the tokens are due by
 * the {@link RefreshPolicy} ({@link #renewIfDue}, from memory: no store round trip when nothing is
 * due), and by the background sweep ({@link #renewDue}). A permanent failure deactivates the
 * account with its reason, unless the store shows the tokens were renewed meanwhile; a transient
 * one leaves the status alone and makes the sweep and the before-use check leave the account alone
 * for a while ({@link #FIRST_BACKOFF} doubling to {@link #MAX_BACKOFF}).
 *
 * <p>Only the caller that started a renewal learns what a failed one means for the account, so that
 * a failure counts once.
 */
final class TokenRenewal {

  /**
   * How long a claim holds before another instance may take over. Longer than a token exchange may
   * take (the refresher's request timeout, 30 s by default, is shorter than the time an exchange is
   * allowed in full: see {@code docs/data-plane.md}), so that a live holder is not overtaken;
   * short, so that an account whose holder died waits little.
   */
  static final Duration CLAIM_TTL = Duration.ofSeconds(30);

  /** How often an instance waiting for another's claim asks the store again. */
  static final Duration CLAIM_POLL = Duration.ofMillis(250);

  /** The wait after a renewal's first transient failure before the sweep tries again. */
  static final Duration FIRST_BACKOFF = Duration.ofMinutes(5);

  /** The longest wait between two failing renewals of the sweep. */
  static final Duration MAX_BACKOFF = Duration.ofHours(1);

  /** How far ahead the sweep renews: tokens due within this are renewed before a request must. */
  static final Duration SWEEP_LOOKAHEAD = Duration.ofDays(1);

  /** The first wait before storing refreshed tokens again after the store failed. */
  static final Duration FIRST_STORE_RETRY = Duration.ofSeconds(1);

  /** The longest wait between two tries to store refreshed tokens. */
  static final Duration MAX_STORE_RETRY = Duration.ofSeconds(30);

  private static final Logger log = System.getLogger(TokenRenewal.class.getName());

  /** Waits without blocking a thread; the real one uses the JDK's delayed executor. */
  interface Delays {
    /** Completes after {@code delay}. */
    CompletionStage<Void> after(Duration delay);

    /** Real time. */
    Delays REAL =
        delay ->
            CompletableFuture.runAsync(
                () -> {},
                CompletableFuture.delayedExecutor(
                    Math.max(1, delay.toMillis()), TimeUnit.MILLISECONDS));
  }

  /**
   * How a renewal ended.
   *
   * @param renewed whether the account has new tokens
   * @param learnt what the account's state machine must be told of a failed renewal
   */
  record Outcome(boolean renewed, Optional<AccountEvent> learnt) {
    static final Outcome RENEWED = new Outcome(true, Optional.empty());
    static final Outcome UNUSABLE = new Outcome(false, Optional.empty());

    static Outcome transiently() {
      return new Outcome(false, Optional.of(new AccountEvent.TokenRefreshFailedTransiently()));
    }

    boolean permanent() {
      return learnt
          .filter(AccountEvent.TokenRefreshFailedPermanently.class::isInstance)
          .isPresent();
    }
  }

  private final TokenRefresher refresher;
  private final SecretCipher cipher;
  private final AccountPool pool;
  private final AccountRepository store;
  private final RefreshPolicy policy;
  private final String holder;
  private final Clock clock;
  private final Delays delays;
  private final Map<AccountId, CompletableFuture<Outcome>> renewing = new ConcurrentHashMap<>();
  private final Map<AccountId, Backoff> backoffs = new ConcurrentHashMap<>();
  private final Map<AccountId, Boolean> unstored = new ConcurrentHashMap<>();

  /**
   * @param refresher the refresh grant
   * @param cipher opens the refresh token and seals the new tokens
   * @param pool where the account's tokens are in memory
   * @param store where tokens are claimed and stored, shared by every instance
   * @param policy when tokens are due
   * @param holder this process's id in claims: unique per process
   * @param clock the time of claims and state changes
   * @param delays how waits are made
   */
  TokenRenewal(
      TokenRefresher refresher,
      SecretCipher cipher,
      AccountPool pool,
      AccountRepository store,
      RefreshPolicy policy,
      String holder,
      Clock clock,
      Delays delays) {
    this.refresher = requireNonNull(refresher, "refresher");
    this.cipher = requireNonNull(cipher, "cipher");
    this.pool = requireNonNull(pool, "pool");
    this.store = requireNonNull(store, "store");
    this.policy = requireNonNull(policy, "policy");
    this.holder = requireNonNull(holder, "holder");
    this.clock = requireNonNull(clock, "clock");
    this.delays = requireNonNull(delays, "delays");
  }

  /**
   * Renews the account's tokens after upstream refused {@code rejected} (a 401 of a request or of
   * the usage API), or joins the renewal already running; the stage completes with the outcome,
   * never exceptionally. The entry point for anything that met a 401 with an account's token.
   *
   * @param rejected the credentials upstream answered 401 to: when the account has others by now, a
   *     renewal already replaced them and nothing is refreshed
   */
  CompletionStage<Outcome> renew(AccountId id, UpstreamCredentials rejected) {
    requireNonNull(rejected, "rejected");
    Optional<UpstreamCredentials> current = pool.credentials(id);
    if (current.isPresent() && !current.get().equals(rejected)) {
      return CompletableFuture.completedFuture(Outcome.RENEWED);
    }
    return flight(id, true, clock.instant());
  }

  /**
   * The renewal a request about to use the account must wait for, if its tokens are due (by the
   * policy, from memory) and it is not backing off from a failed renewal: one already running, or
   * one started now. Empty, at the cost of a map lookup and no store access, when nothing is due.
   */
  Optional<CompletionStage<Outcome>> renewIfDue(AccountId id, Instant now) {
    requireNonNull(now, "now");
    Optional<CompletionStage<Outcome>> running = inProgress(id);
    if (running.isPresent()) {
      return running;
    }
    Optional<StoredAccount> account = pool.account(id);
    if (account.isEmpty() || !dueAt(account.get(), now) || backingOff(id, now)) {
      return Optional.empty();
    }
    return Optional.of(flight(id, false, now));
  }

  /**
   * The background sweep: renews, one after the other, the accounts whose tokens are due within
   * {@link #SWEEP_LOOKAHEAD} and that are not deactivated or backing off, the most overdue first.
   * Completes with how many were renewed, never exceptionally.
   */
  CompletionStage<Integer> renewDue(Instant now) {
    requireNonNull(now, "now");
    Instant horizon = now.plus(SWEEP_LOOKAHEAD);
    List<StoredAccount> due =
        pool.accounts().stream()
            .filter(a -> a.account().effectiveStatus(now) != AccountStatus.DEACTIVATED)
            .filter(a -> dueAt(a, horizon) && !backingOff(a.id(), now))
            .sorted(Comparator.comparing(a -> dueInstant(a)))
            .toList();
    CompletableFuture<Integer> renewed = CompletableFuture.completedFuture(0);
    for (StoredAccount account : due) {
      AccountId id = account.id();
      renewed =
          renewed.thenCompose(
              count ->
                  flight(id, false, now)
                      .thenApply(
                          outcome -> {
                            // Nobody else is told: a permanent failure is applied here.
                            outcome
                                .learnt()
                                .ifPresent(event -> pool.record(id, event, clock.instant()));
                            return count + (outcome.renewed() ? 1 : 0);
                          }));
    }
    return renewed;
  }

  /**
   * The account's renewal, while one runs: a request about to be sent as the account waits for it
   * rather than meet a 401 with the old token.
   */
  Optional<CompletionStage<Outcome>> inProgress(AccountId id) {
    CompletableFuture<Outcome> running = renewing.get(requireNonNull(id, "id"));
    return running == null
        ? Optional.empty()
        : Optional.of(running.thenApply(TokenRenewal::joined));
  }

  private boolean dueAt(StoredAccount account, Instant at) {
    return !at.isBefore(dueInstant(account));
  }

  private Instant dueInstant(StoredAccount account) {
    return policy.dueAt(account.lastRefresh(), pool.accessExpiry(account.id()));
  }

  private boolean backingOff(AccountId id, Instant now) {
    Backoff backoff = backoffs.get(id);
    return backoff != null && now.isBefore(backoff.notBefore());
  }

  /**
   * Starts the account's renewal or joins the running one. The starter's stage has what was learnt;
   * a joiner's does not. A failure of a renewal that was not forced by a 401 (the tokens were only
   * due) is not an error of the account: nothing is learnt of a transient one.
   */
  private CompletionStage<Outcome> flight(AccountId id, boolean forced, Instant now) {
    CompletableFuture<Outcome> mine = new CompletableFuture<>();
    CompletableFuture<Outcome> running = renewing.putIfAbsent(id, mine);
    if (running != null) {
      return running.thenApply(TokenRenewal::joined);
    }
    CompletionStage<Outcome> work;
    try {
      work = unstored.containsKey(id) ? completed(Outcome.UNUSABLE) : start(id);
    } catch (RuntimeException bug) {
      work = CompletableFuture.failedFuture(bug);
    }
    work.whenComplete(
        (outcome, error) -> {
          Outcome result = error != null ? failed(id, error) : requireNonNull(outcome, "outcome");
          noteBackoff(id, result, now);
          // Out of the map first: a request that sees the renewal ended sees the new token.
          renewing.remove(id, mine);
          mine.complete(
              forced || result.renewed() || result.permanent() ? result : Outcome.UNUSABLE);
        });
    return mine;
  }

  /** Backs the account off from {@code now} (when the renewal was asked for) after a failure. */
  private void noteBackoff(AccountId id, Outcome outcome, Instant now) {
    if (outcome.renewed() || outcome.permanent()) {
      backoffs.remove(id);
      return;
    }
    backoffs.compute(id, (ignored, previous) -> Backoff.after(previous, now));
  }

  /** A renewal's outcome for a request that joined it: what it learnt is the starter's to apply. */
  private static Outcome joined(Outcome outcome) {
    return outcome.renewed() ? Outcome.RENEWED : Outcome.UNUSABLE;
  }

  private CompletionStage<Outcome> start(AccountId id) {
    Optional<StoredAccount> account = pool.account(id);
    if (account.isEmpty()) {
      return completed(Outcome.UNUSABLE);
    }
    return claim(id, account.get().tokens().refreshToken());
  }

  /** Claims the account with the refresh token it has, and acts on the answer. */
  private CompletionStage<Outcome> claim(AccountId id, SealedSecret refreshToken) {
    return store
        .claimRefresh(id, refreshToken, holder, clock.instant(), CLAIM_TTL)
        .thenCompose(
            claim -> {
              if (claim instanceof RefreshClaim.Claimed) {
                return exchange(id, refreshToken);
              }
              if (claim instanceof RefreshClaim.Superseded superseded) {
                return completed(adopt(superseded.current()));
              }
              if (claim instanceof RefreshClaim.HeldElsewhere) {
                // Another instance refreshes: its tokens will be in the store, or its claim lapse.
                return delays.after(CLAIM_POLL).thenCompose(waited -> claim(id, refreshToken));
              }
              return completed(Outcome.UNUSABLE); // deleted
            });
  }

  /** One refresh grant under the claim, and its outcome. */
  private CompletionStage<Outcome> exchange(AccountId id, SealedSecret refreshToken) {
    String opened;
    try {
      opened = cipher.open(refreshToken);
    } catch (SecretCipherException unreadable) {
      return release(id).thenApply(released -> failed(id, unreadable));
    }
    return refresher
        .refresh(opened)
        .thenCompose(
            result -> {
              if (result instanceof TokenRefresh.Refreshed tokens) {
                return stored(id, refreshToken, sealed(tokens), clock.instant(), true);
              }
              if (result instanceof TokenRefresh.FailedPermanently permanently) {
                return release(id)
                    .thenCompose(released -> permanent(id, refreshToken, permanently));
              }
              log.log(
                  Level.WARNING,
                  "account {0}: token refresh failed, will try again: {1}",
                  id.value(),
                  ((TokenRefresh.FailedTransiently) result).reason());
              return release(id).thenApply(released -> Outcome.transiently());
            });
  }

  private AccountTokens sealed(TokenRefresh.Refreshed tokens) {
    return new AccountTokens(
        cipher.seal(tokens.accessToken()),
        cipher.seal(tokens.refreshToken()),
        cipher.seal(tokens.idToken()));
  }

  /**
   * Stores the refreshed tokens (compare-and-set on the old refresh token) and takes them in memory
   * once stored. When the store fails, the renewal ends as a transient failure now and the tokens,
   * held only here, are stored in the background until the store takes or refuses them.
   */
  private CompletionStage<Outcome> stored(
      AccountId id, SealedSecret replaced, AccountTokens tokens, Instant at, boolean first) {
    return store
        .storeRefreshed(id, replaced, tokens, at)
        .handle(
            (save, error) -> {
              if (error == null) {
                unstored.remove(id);
                return completed(afterSave(id, requireNonNull(save, "save")));
              }
              log.log(
                  Level.WARNING,
                  "account {0}: storing its refreshed tokens failed; they are kept in memory,"
                      + " unused, and stored again: {1}",
                  id.value(),
                  Failures.oneLine(error));
              unstored.put(id, Boolean.TRUE);
              storeLater(id, replaced, tokens, at, FIRST_STORE_RETRY);
              return completed(first ? Outcome.transiently() : Outcome.UNUSABLE);
            })
        .thenCompose(outcome -> outcome);
  }

  private void storeLater(
      AccountId id, SealedSecret replaced, AccountTokens tokens, Instant at, Duration wait) {
    delays
        .after(wait)
        .thenCompose(waited -> store.storeRefreshed(id, replaced, tokens, at))
        .whenComplete(
            (save, error) -> {
              if (error == null) {
                unstored.remove(id);
                afterSave(id, requireNonNull(save, "save"));
                return;
              }
              Duration next = wait.multipliedBy(2);
              storeLater(
                  id,
                  replaced,
                  tokens,
                  at,
                  next.compareTo(MAX_STORE_RETRY) > 0 ? MAX_STORE_RETRY : next);
            });
  }

  private Outcome afterSave(AccountId id, RefreshSave save) {
    if (save instanceof RefreshSave.Saved saved) {
      pool.adoptTokens(saved.stored());
      pool.record(id, new AccountEvent.TokenRefreshSucceeded(), clock.instant());
      log.log(Level.INFO, "account {0}: tokens refreshed and stored", id.value());
      return Outcome.RENEWED;
    }
    if (save instanceof RefreshSave.Superseded superseded) {
      // Someone stored other tokens first: the store wins, ours are dropped unused.
      log.log(
          Level.WARNING,
          "account {0}: other tokens were stored while this instance refreshed; using them and"
              + " dropping its own",
          id.value());
      return adopt(superseded.current());
    }
    return Outcome.UNUSABLE;
  }

  /**
   * A refusal for good, unless the store shows that the refresh token used was no longer the
   * account's (another instance renewed it after this one's claim lapsed): then those tokens.
   */
  private CompletionStage<Outcome> permanent(
      AccountId id, SealedSecret used, TokenRefresh.FailedPermanently permanently) {
    return store
        .find(id)
        .thenApply(
            found -> {
              if (found.isPresent() && !found.get().tokens().refreshToken().equals(used)) {
                return adopt(found.get());
              }
              log.log(
                  Level.WARNING,
                  "account {0}: token refresh refused for good ({1}); deactivated",
                  id.value(),
                  permanently.failure().code());
              return new Outcome(
                  false,
                  Optional.of(
                      new AccountEvent.TokenRefreshFailedPermanently(permanently.failure())));
            });
  }

  /** Takes tokens another instance (or a login) stored. */
  private Outcome adopt(StoredAccount current) {
    if (!pool.adoptTokens(current)) {
      return Outcome.UNUSABLE;
    }
    return current.account().state().status() == AccountStatus.DEACTIVATED
        ? Outcome.UNUSABLE
        : Outcome.RENEWED;
  }

  private CompletionStage<Void> release(AccountId id) {
    return store
        .releaseRefreshClaim(id, holder)
        .exceptionally(
            error -> {
              // The claim lapses by itself within CLAIM_TTL.
              log.log(
                  Level.WARNING,
                  "account {0}: releasing its refresh claim failed: {1}",
                  id.value(),
                  Failures.oneLine(error));
              return null;
            });
  }

  /**
   * The refresher broke its promise of an outcome, the store failed, or the new tokens could not be
   * sealed: a bug or broken infrastructure, not a word from the auth server. Logged (the tokens
   * never are) and taken as a transient failure, so the account backs off and the request moves on.
   */
  private static Outcome failed(AccountId id, Throwable error) {
    log.log(
        Level.WARNING,
        "account {0}: renewing its tokens failed: {1}",
        id.value(),
        Failures.oneLine(error));
    return Outcome.transiently();
  }

  private static <T> CompletionStage<T> completed(T value) {
    return CompletableFuture.completedFuture(value);
  }

  /** When the sweep and the before-use check may try an account again after a failure. */
  private record Backoff(Instant notBefore, Duration delay) {
    static Backoff after(@Nullable Backoff previous, Instant now) {
      Duration next = previous == null ? FIRST_BACKOFF : previous.delay().multipliedBy(2);
      if (next.compareTo(MAX_BACKOFF) > 0) {
        next = MAX_BACKOFF;
      }
      return new Backoff(now.plus(next), next);
    }
  }
}
