package io.codexlb.port.in;

import static java.util.Objects.requireNonNull;

import io.codexlb.domain.account.AccountId;
import io.codexlb.domain.account.AccountStatus;

/** The outcome of a {@link ManageAccountsUseCase} call about one account. */
public sealed interface ManageAccountResult {

  /**
   * The account as it now is.
   *
   * @param account the account
   */
  record Found(AccountResult account) implements ManageAccountResult {
    public Found {
      requireNonNull(account, "account");
    }
  }

  /**
   * The account is gone.
   *
   * @param id its id
   */
  record Deleted(AccountId id) implements ManageAccountResult {
    public Deleted {
      requireNonNull(id, "id");
    }
  }

  /**
   * No account has this id; nothing changed.
   *
   * @param id the id asked for
   */
  record NotFound(AccountId id) implements ManageAccountResult {
    public NotFound {
      requireNonNull(id, "id");
    }
  }

  /**
   * The action does not apply to the account as it is; nothing changed.
   *
   * @param status its status
   * @param reason why, with what to do instead
   */
  record Refused(AccountStatus status, String reason) implements ManageAccountResult {
    public Refused {
      requireNonNull(status, "status");
      requireNonNull(reason, "reason");
    }
  }
}
