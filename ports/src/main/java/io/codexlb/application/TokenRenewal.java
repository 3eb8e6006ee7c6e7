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
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Renews an account's tokens when upstream answered 401: one refresh grant, and on success the new
 * tokens sealed and put in the pool, which saves them (retrying until the store takes them: the old
 * refresh token is dead upstream from then on).
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

  /** Refreshes the account's tokens; the stage completes with the outcome, never exceptionally. */
  CompletionStage<Outcome> renew(AccountId id) {
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
