package io.codexlb.port.out;

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
   * Removes the account. Its request logs and usage history stay (they name the account by id); its
   * sticky pins are the {@link StickySessionRepository}'s to delete.
   *
   * @return whether there was such an account
   */
  CompletionStage<Boolean> delete(AccountId id);
}
