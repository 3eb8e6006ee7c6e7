package io.codexlb.port.out;

import io.codexlb.domain.account.Account;
import io.codexlb.domain.account.AccountId;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * The pooled accounts, durable across restarts.
 *
 * <p>Contract: a stage completes only once the change is durable (a crash afterwards loses
 * nothing); it never blocks the calling thread. Every field of a {@link StoredAccount} reads back
 * equal to what was written, including the account's state, usage report and error streak. Tokens
 * arrive sealed and are stored as they are. Failures of the store complete the stage exceptionally.
 *
 * <p><b>Token refreshes.</b> Refresh tokens are single-use upstream: two refreshes with the same
 * token make the second a reuse, which upstream punishes by revoking the login. So at most one
 * caller refreshes an account at a time, across every process sharing the store: it first takes a
 * claim ({@link #claimRefresh}), which lapses by itself after its time to live, so that a holder
 * that died never blocks the account for long; it then stores the new tokens with a compare-and-set
 * on the refresh token it used ({@link #storeRefreshed}), which also ends the claim. A caller that
 * finds the stored refresh token changed uses the stored tokens instead of refreshing. The claim
 * compares instants the callers pass, so instances sharing a store must have clocks within a small
 * fraction of the time to live of each other.
 */
public interface AccountRepository {

  /** Every account, ordered by id. */
  CompletionStage<List<StoredAccount>> findAll();

  /** The account with this id, if any. */
  CompletionStage<Optional<StoredAccount>> find(AccountId id);

  /** Adds the account, or replaces every field of the one with the same id. */
  CompletionStage<Void> save(StoredAccount account);

  /**
   * Writes what requests observed of accounts, behind the requests: for each account that exists
   * and whose stored status is {@code active}, {@code rate_limited} or {@code quota_exceeded}, its
   * status (with its reset), usage report (windows and credits) and error streak are replaced by
   * the given account's; its label, plan, tokens and everything else stay. Accounts that no longer
   * exist, and accounts an administrator or a login changed meanwhile (stored status {@code paused}
   * or {@code deactivated}) are skipped, so that a late write never undoes a pause. Given accounts
   * must have one of the first three statuses.
   *
   * <p>Unlike {@link #save}, this announces nothing: it is for restarts, not for other instances
   * (which learn an account's limits from their own requests), and it is called about once a second
   * with every account that changed.
   *
   * @param accounts the accounts as the data plane now has them; at most one per id
   * @throws IllegalArgumentException if an account has another status, or an id appears twice
   */
  CompletionStage<Void> saveStates(List<Account> accounts);

  /**
   * Removes the account. Its request logs stay (they name the account by id).
   *
   * @return whether there was such an account
   */
  CompletionStage<Boolean> delete(AccountId id);

  /**
   * Claims the right to refresh the account's tokens until {@code now + ttl}, in one atomic step:
   *
   * <ul>
   *   <li>{@link RefreshClaim.Missing} when there is no such account;
   *   <li>{@link RefreshClaim.Superseded} with the stored account when its stored refresh token is
   *       not {@code refreshToken} (byte for byte): someone refreshed already;
   *   <li>{@link RefreshClaim.HeldElsewhere} when another holder's claim has not lapsed at {@code
   *       now} (a claim lapses at its {@code until});
   *   <li>else {@link RefreshClaim.Claimed}: the caller's claim, new or renewed (the same holder
   *       claiming again extends its own claim).
   * </ul>
   *
   * <p>Announces nothing.
   *
   * @param refreshToken the sealed refresh token the caller would refresh with
   * @param holder who claims: an id unique to the calling process, not blank
   * @param now the caller's current time
   * @param ttl how long the claim holds unless stored or released; positive
   */
  CompletionStage<RefreshClaim> claimRefresh(
      AccountId id, SealedSecret refreshToken, String holder, Instant now, Duration ttl);

  /**
   * Stores refreshed tokens, in one atomic step, only if the stored refresh token is still {@code
   * replaced} (compare-and-set): then the account's three tokens and its last refresh become {@code
   * tokens} and {@code refreshedAt} (everything else stays), any claim on the account ends, the
   * change is announced, and the answer is {@link RefreshSave.Saved} with the account as stored.
   * Otherwise nothing is written and the answer is {@link RefreshSave.Superseded} with the account
   * as stored, or {@link RefreshSave.Missing}. The stage completes once the write is durable.
   *
   * <p>Whose claim it is does not matter: a holder whose claim lapsed while upstream was answering
   * still has the only copy of the rotated tokens, and storing them is right as long as nobody
   * stored others meanwhile, which the compare-and-set checks.
   *
   * @param replaced the sealed refresh token the new tokens were obtained with
   * @param tokens the new tokens, sealed
   * @param refreshedAt when they were obtained
   */
  CompletionStage<RefreshSave> storeRefreshed(
      AccountId id, SealedSecret replaced, AccountTokens tokens, Instant refreshedAt);

  /**
   * Ends {@code holder}'s claim on the account (its refresh failed), so that another caller may
   * claim at once; nothing when it holds none. Announces nothing.
   */
  CompletionStage<Void> releaseRefreshClaim(AccountId id, String holder);
}
