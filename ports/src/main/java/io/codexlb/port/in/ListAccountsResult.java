package io.codexlb.port.in;

import static java.util.Objects.requireNonNull;

import io.codexlb.domain.account.AccountId;
import io.codexlb.domain.account.AccountStatus;
import io.codexlb.domain.account.PermanentAuthFailure;
import io.codexlb.domain.account.PlanType;
import java.util.List;
import java.util.Optional;

/**
 * The pooled accounts.
 *
 * @param accounts ordered by id
 */
public record ListAccountsResult(List<Entry> accounts) {

  public ListAccountsResult {
    accounts = List.copyOf(requireNonNull(accounts, "accounts"));
  }

  /**
   * One account.
   *
   * @param id its id
   * @param email its login's email, if known
   * @param plan its plan
   * @param status its status at the query's instant
   * @param deactivation why it is {@code deactivated}, if it is, and whether a new login fixes it
   */
  public record Entry(
      AccountId id,
      Optional<String> email,
      PlanType plan,
      AccountStatus status,
      Optional<PermanentAuthFailure> deactivation) {

    public Entry {
      requireNonNull(id, "id");
      requireNonNull(email, "email");
      requireNonNull(plan, "plan");
      requireNonNull(status, "status");
      requireNonNull(deactivation, "deactivation");
    }

    /** An account that is not deactivated. */
    public Entry(AccountId id, Optional<String> email, PlanType plan, AccountStatus status) {
      this(id, email, plan, status, Optional.empty());
    }
  }
}
