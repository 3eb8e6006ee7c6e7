package io.codexlb.port.in;

import static java.util.Objects.requireNonNull;

import io.codexlb.domain.account.AccountId;
import io.codexlb.domain.account.AccountStatus;
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
   */
  public record Entry(AccountId id, Optional<String> email, PlanType plan, AccountStatus status) {

    public Entry {
      requireNonNull(id, "id");
      requireNonNull(email, "email");
      requireNonNull(plan, "plan");
      requireNonNull(status, "status");
    }
  }
}
