package io.codexlb.port.out;

import io.codexlb.domain.account.Account;
import io.codexlb.domain.account.AccountId;
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
   * exist, and accounts an administrator or a login changed meanwhile (stored status {@code
   * paused}, {@code reauth_required} or {@code deactivated}) are skipped, so that a late write
   * never undoes a pause. Given accounts must have one of the first three statuses.
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
}
