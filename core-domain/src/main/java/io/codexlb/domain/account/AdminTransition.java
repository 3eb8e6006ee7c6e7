package io.codexlb.domain.account;

import static java.util.Objects.requireNonNull;

/**
 * The outcome of an admin action on an account ({@link Account#pause()}, {@link
 * Account#reactivate()}): the account as it now is, or a refusal the admin API shows as is.
 */
public sealed interface AdminTransition {

  /**
   * The action applied.
   *
   * @param account the account after it
   */
  record Applied(Account account) implements AdminTransition {
    public Applied {
      requireNonNull(account, "account");
    }
  }

  /**
   * The action does not apply to an account in this status.
   *
   * @param status the account's status
   * @param reason why, for the admin, with what to do instead
   */
  record Refused(AccountStatus status, String reason) implements AdminTransition {
    public Refused {
      requireNonNull(status, "status");
      requireNonNull(reason, "reason");
    }
  }
}
