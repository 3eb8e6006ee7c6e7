package io.codexlb.domain.account;

import java.time.Instant;
import java.util.Optional;

/**
 * The transitions {@link Account#on(AccountEvent, Instant)} applies, one method per event. Each
 * takes an account whose expired limits are already over and returns the next one; the rules are
 * described on {@link Account}.
 */
final class AccountTransitions {

  private AccountTransitions() {}

  static Account apply(Account account, AccountEvent event, Instant now) {
    if (event instanceof AccountEvent.UsageObserved observed) {
      return usageObserved(account, observed.snapshot());
    }
    if (event instanceof AccountEvent.RateLimitHit hit) {
      Instant until =
          hit.resetAt()
              .orElseGet(
                  () -> now.plus(hit.retryAfter().orElse(Account.DEFAULT_RATE_LIMIT_COOLDOWN)));
      return limited(account, new AccountState.RateLimited(until));
    }
    if (event instanceof AccountEvent.QuotaExhausted exhausted) {
      Instant until = exhausted.resetAt().orElseGet(() -> now.plus(Account.DEFAULT_QUOTA_COOLDOWN));
      return limited(account, new AccountState.QuotaExceeded(until));
    }
    if (event instanceof AccountEvent.TransientErrorOccurred
        || event instanceof AccountEvent.TokenRefreshFailedTransiently) {
      return account.withErrors(account.errors().plusErrorAt(now));
    }
    if (event instanceof AccountEvent.RequestSucceeded) {
      return account.withErrors(ErrorStreak.NONE);
    }
    if (event instanceof AccountEvent.TokenRefreshSucceeded) {
      return tokenRefreshSucceeded(account);
    }
    if (event instanceof AccountEvent.TokenRefreshFailedPermanently failed) {
      return tokenRefreshFailedPermanently(account, failed.failure());
    }
    if (event instanceof AccountEvent.LoggedInAgain) {
      return loggedInAgain(account);
    }
    throw new IllegalArgumentException("event: " + event + " (expected: a known AccountEvent)");
  }

  /**
   * Records the report; a used-up weekly window without credits means out of quota, else a used-up
   * 5-hour window means rate limited; usable credits end an out-of-quota state. A limit that the
   * previous report set (it ends when a window of that report was to reset) is that report's
   * verdict, and this newer report replaces it: a window with room ends it at once, even before the
   * reset that report announced (upstream resets windows early). A limit a refusal set (a 429 with
   * its own deadline) is not explained by any report and stands until its deadline.
   */
  private static Account usageObserved(Account account, UsageSnapshot snapshot) {
    Account next = account.withUsage(snapshot);
    if (outOfUpstreamsReach(next.state())) {
      return next;
    }
    if (setByReport(account)) {
      next = next.withState(AccountState.active());
    }
    if (snapshot.quotaExhausted()) {
      return limited(next, new AccountState.QuotaExceeded(snapshot.secondary().get().resetsAt()));
    }
    if (snapshot.shortWindowExhausted()) {
      return limited(next, new AccountState.RateLimited(snapshot.primary().get().resetsAt()));
    }
    if (next.state() instanceof AccountState.QuotaExceeded && snapshot.credits().usable()) {
      return next.withState(AccountState.active());
    }
    return next;
  }

  /**
   * Whether the account's limit is what its last usage report said: it ends exactly when a used-up
   * window of that report resets. A refusal's deadline that happens to be the same instant counts
   * as the report's, since the two agree.
   */
  private static boolean setByReport(Account account) {
    Optional<Instant> until = account.state().resetAt();
    Optional<UsageSnapshot> last = account.usage();
    if (until.isEmpty() || last.isEmpty()) {
      return false;
    }
    return endsAt(last.get().primary(), until.get()) || endsAt(last.get().secondary(), until.get());
  }

  private static boolean endsAt(Optional<UsageWindow> window, Instant until) {
    return window.filter(w -> w.exhausted() && w.resetsAt().equals(until)).isPresent();
  }

  /**
   * Puts an account under a limit. A limit already in force that ends later stands: the later
   * deadline wins, and on a tie the newer limit.
   */
  private static Account limited(Account account, AccountState limit) {
    AccountState current = account.state();
    if (outOfUpstreamsReach(current)) {
      return account;
    }
    Instant newEnd = limit.resetAt().orElseThrow();
    boolean currentEndsLater = current.resetAt().filter(newEnd::isBefore).isPresent();
    return currentEndsLater ? account : account.withState(limit);
  }

  /**
   * Working credentials end a deactivation that a new login fixes (another instance refreshed
   * first), not one of an account gone upstream; errors are over.
   */
  private static Account tokenRefreshSucceeded(Account account) {
    Account next = account.withErrors(ErrorStreak.NONE);
    if (next.state() instanceof AccountState.Deactivated deactivated
        && deactivated.reloginFixes()) {
      return next.withState(AccountState.active());
    }
    return next;
  }

  /**
   * The account is deactivated with the failure as its cause; an account known to be gone upstream
   * is never downgraded to one that a new login would fix.
   */
  private static Account tokenRefreshFailedPermanently(
      Account account, PermanentAuthFailure failure) {
    if (account.state() instanceof AccountState.Deactivated deactivated
        && !deactivated.reloginFixes()
        && failure.reloginFixes()) {
      return account;
    }
    return account.withState(failure.state());
  }

  /** New tokens: a login that had to happen has, and old errors no longer count. */
  private static Account loggedInAgain(Account account) {
    Account next = account.withErrors(ErrorStreak.NONE);
    AccountState state = next.state();
    if (state instanceof AccountState.Deactivated) {
      return next.withState(AccountState.active());
    }
    return next;
  }

  /** States that nothing upstream reports can change: they wait for a person. */
  private static boolean outOfUpstreamsReach(AccountState state) {
    return state instanceof AccountState.Paused || state instanceof AccountState.Deactivated;
  }
}
