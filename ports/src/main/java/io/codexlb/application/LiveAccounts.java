package io.codexlb.application;

import io.codexlb.domain.account.AccountId;
import io.codexlb.domain.routing.Eligibility;
import io.codexlb.domain.sticky.StickyKey;
import io.codexlb.port.out.StoredAccount;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

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
        public Optional<AccountId> pinned(StickyKey session, Instant now) {
          return Optional.empty();
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

  /** The account {@code session} is pinned to now, if any; reads only (the pin does not slide). */
  Optional<AccountId> pinned(StickyKey session, Instant now);
}
