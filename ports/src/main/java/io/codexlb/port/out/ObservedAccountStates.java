package io.codexlb.port.out;

import static java.util.Objects.requireNonNull;

import io.codexlb.domain.account.Account;
import io.codexlb.domain.account.AccountId;
import io.codexlb.domain.account.AccountStatus;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The rules of {@link AccountRepository#saveStates} every store applies alike: which statuses
 * requests observe (the only ones written, and the only stored ones written over), and the check of
 * the accounts given.
 */
public final class ObservedAccountStates {

  /** {@code active}, {@code rate_limited}, {@code quota_exceeded}. */
  public static final Set<AccountStatus> STATUSES =
      Set.copyOf(
          EnumSet.of(
              AccountStatus.ACTIVE, AccountStatus.RATE_LIMITED, AccountStatus.QUOTA_EXCEEDED));

  private ObservedAccountStates() {}

  /**
   * Checks accounts given to {@link AccountRepository#saveStates}.
   *
   * @throws IllegalArgumentException if an account has a status no request observes, or an id
   *     appears twice
   */
  public static void check(List<Account> accounts) {
    requireNonNull(accounts, "accounts");
    Set<AccountId> ids = new HashSet<>();
    for (int i = 0; i < accounts.size(); i++) {
      Account account = requireNonNull(accounts.get(i), "accounts element");
      AccountStatus status = account.state().status();
      if (!STATUSES.contains(status)) {
        throw new IllegalArgumentException(
            "accounts["
                + i
                + "].status: "
                + status
                + " (expected: active, rate_limited or quota_exceeded)");
      }
      if (!ids.add(account.id())) {
        throw new IllegalArgumentException(
            "accounts[" + i + "].id: " + account.id().value() + " (expected: one account per id)");
      }
    }
  }
}
