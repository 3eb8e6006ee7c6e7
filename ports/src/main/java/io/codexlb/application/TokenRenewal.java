package io.codexlb.application;

import static java.util.Objects.requireNonNull;

import io.codexlb.domain.account.AccountEvent;
import io.codexlb.domain.account.AccountId;
import io.codexlb.domain.health.Failures;
import io.codexlb.port.out.AccountTokens;
import io.codexlb.port.out.SecretCipher;
import io.codexlb.port.out.StoredAccount;
import io.codexlb.port.out.TokenRefresh;
import io.codexlb.port.out.TokenRefresher;
import io.codexlb.port.out.UpstreamCredentials;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Renews an account's tokens when upstream answered 401: one refresh grant, and on success the new
 * tokens sealed and put in the pool, which saves them (retrying until the store takes them: the old
 * refresh token is dead upstream from then on).
 *
 * <p>One renewal per account at a time (single flight): the requests that meet a 401 while the
 * account's renewal runs wait for it instead of starting their own, a request that met its 401 with
 * a token that has been renewed since just retries with the new one, and a request about to be sent
 * as an account being renewed waits for the new token ({@link #inProgress}). Only the request that
 * started a renewal learns what a failed one means for the account, so that a failure counts once.
 */
final class TokenRenewal {

  private static final Logger log = System.getLogger(TokenRenewal.class.getName());

  /**
   * How a renewal ended.
   *
   * @param renewed whether the account has new tokens
   * @param learnt what the account's state machine must be told of a failed renewal
   */
  record Outcome(boolean renewed, Optional<AccountEvent> learnt) {
    static final Outcome RENEWED = new Outcome(true, Optional.empty());
    static final Outcome UNUSABLE = new Outcome(false, Optional.empty());
  }

  private final TokenRefresher refresher;
  private final SecretCipher cipher;
  private final AccountPool pool;
  private final Clock clock;
  private final Map<AccountId, CompletableFuture<Outcome>> renewing = new ConcurrentHashMap<>();

  /**
   * @param refresher the refresh grant
   * @param cipher seals the new tokens
   * @param pool where the account's tokens are, and are put
   * @param clock the time of the account's state change
   */
  TokenRenewal(TokenRefresher refresher, SecretCipher cipher, AccountPool pool, Clock clock) {
    this.refresher = requireNonNull(refresher, "refresher");
    this.cipher = requireNonNull(cipher, "cipher");
    this.pool = requireNonNull(pool, "pool");
    this.clock = requireNonNull(clock, "clock");
  }

  /**
   * Renews the account's tokens after upstream refused {@code rejected}, or joins the renewal
   * already running; the stage completes with the outcome, never exceptionally.
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
    CompletableFuture<Outcome> mine = new CompletableFuture<>();
    CompletableFuture<Outcome> running = renewing.putIfAbsent(id, mine);
    if (running != null) {
      return running.thenApply(TokenRenewal::joined);
    }
    refresh(id)
        .whenComplete(
            (outcome, error) -> {
              // Out of the map first: a request that sees the renewal ended sees the new token.
              renewing.remove(id, mine);
              mine.complete(error != null ? failed(id, error) : requireNonNull(outcome, "outcome"));
            });
    return mine;
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

  /** A renewal's outcome for a request that joined it: what it learnt is the starter's to apply. */
  private static Outcome joined(Outcome outcome) {
    return outcome.renewed() ? Outcome.RENEWED : Outcome.UNUSABLE;
  }

  /** One refresh grant and its outcome. */
  private CompletionStage<Outcome> refresh(AccountId id) {
    Optional<StoredAccount> account = pool.account(id);
    Optional<String> refreshToken = pool.refreshToken(id);
    if (account.isEmpty() || refreshToken.isEmpty()) {
      return CompletableFuture.completedFuture(Outcome.UNUSABLE);
    }
    return refresher
        .refresh(refreshToken.get())
        .thenApply(result -> renewed(account.get(), result))
        .exceptionally(error -> failed(id, error));
  }

  /**
   * The refresher broke its promise of an outcome, or the new tokens could not be sealed: a bug or
   * broken infrastructure, not a word from the auth server. Logged (the tokens never are) and taken
   * as a transient failure, so the account backs off and the request moves on.
   */
  private static Outcome failed(AccountId id, Throwable error) {
    log.log(
        Level.WARNING,
        "account {0}: renewing its tokens failed: {1}",
        id.value(),
        Failures.oneLine(error));
    return new Outcome(false, Optional.of(new AccountEvent.TokenRefreshFailedTransiently()));
  }

  private Outcome renewed(StoredAccount account, TokenRefresh result) {
    if (result instanceof TokenRefresh.FailedPermanently permanently) {
      return new Outcome(
          false,
          Optional.of(new AccountEvent.TokenRefreshFailedPermanently(permanently.failure())));
    }
    if (!(result instanceof TokenRefresh.Refreshed tokens)) {
      return new Outcome(false, Optional.of(new AccountEvent.TokenRefreshFailedTransiently()));
    }
    Instant now = clock.instant();
    boolean inPool =
        pool.replace(
            new StoredAccount(
                account.account().on(new AccountEvent.TokenRefreshSucceeded(), now),
                account.chatgptAccountId(),
                account.email(),
                new AccountTokens(
                    cipher.seal(tokens.accessToken()),
                    cipher.seal(tokens.refreshToken()),
                    cipher.seal(tokens.idToken())),
                now,
                account.createdAt()));
    return inPool ? Outcome.RENEWED : Outcome.UNUSABLE;
  }
}
