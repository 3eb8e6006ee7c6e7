package io.codexlb.port.in;

import static java.util.Objects.requireNonNull;

import io.codexlb.domain.account.AccountId;

/** What {@link ImportAccountUseCase#importAccount} did. */
public sealed interface ImportAccountResult {

  /** The id of the account imported. */
  AccountId id();

  /** The account was not pooled; now it is, active. */
  record Created(AccountId id) implements ImportAccountResult {
    public Created {
      requireNonNull(id, "id");
    }
  }

  /** The account was pooled already; it has the new credentials. */
  record Updated(AccountId id) implements ImportAccountResult {
    public Updated {
      requireNonNull(id, "id");
    }
  }
}
