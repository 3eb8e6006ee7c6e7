package io.codexlb.application;

import io.codexlb.domain.account.AccountId;
import io.codexlb.domain.routing.Eligibility;
import io.codexlb.domain.sticky.StickyKey;
import io.codexlb.port.out.StoredAccount;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The routing pool of this process, as an admin change must see it: accounts as routing has them
 * (with what requests observed since the last store write), their eligibility, and a write that is
 * in the pool at once. A process that does not route (the command line) has none: {@link #NONE}.
 */
public interface LiveAccounts {

  /** No routing in this process. */
  LiveAccounts NONE =
      new LiveAccounts() {
        @Override
        public Optional<StoredAccount> account(AccountId id) {
          return Optional.empty();
        }

        @Override
        public boolean replace(StoredAccount account) {
          return false;
        }

        @Override
        public List<Eligibility> explain(Instant now) {
          return List.of();
        }

        @Override
        public CompletionStage<Optional<AccountId>> pinned(StickyKey session, Instant now) {
          return CompletableFuture.completedFuture(Optional.empty());
        }
      };

  /** The account as the pool has it, if the pool has it. */
  Optional<StoredAccount> account(AccountId id);

  /**
   * Puts the changed account in the pool, where the next pick sees it, and saves it to the store
   * (retried until the store takes it).
   *
   * @return false when the pool does not have the account
   */
  boolean replace(StoredAccount account);

  /** Every account's eligibility now; reads only. */
  List<Eligibility> explain(Instant now);

  /**
   * The account a request with {@code session} would be pinned to now, if any, found as the proxy
   * finds it: in memory, else (a pin another instance made, or one from before a restart) in the
   * store. Reads only: the pin does not slide and a stored one is not put in memory.
   */
  CompletionStage<Optional<AccountId>> pinned(StickyKey session, Instant now);
}
