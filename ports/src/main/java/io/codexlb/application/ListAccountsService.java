package io.codexlb.application;

import static java.util.Objects.requireNonNull;

import io.codexlb.domain.account.AccountState;
import io.codexlb.port.in.ListAccountsQuery;
import io.codexlb.port.in.ListAccountsResult;
import io.codexlb.port.in.ListAccountsUseCase;
import io.codexlb.port.out.AccountRepository;
import io.codexlb.port.out.StoredAccount;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/** Reads the accounts from the store and shows each one's status at the query's instant. */
public final class ListAccountsService implements ListAccountsUseCase {

  private final AccountRepository accounts;

  @Inject
  public ListAccountsService(AccountRepository accounts) {
    this.accounts = requireNonNull(accounts, "accounts");
  }

  @Override
  public CompletionStage<ListAccountsResult> listAccounts(ListAccountsQuery query) {
    requireNonNull(query, "query");
    return accounts
        .findAll()
        .thenApply(
            all ->
                new ListAccountsResult(
                    all.stream().map(account -> entry(account, query.now())).toList()));
  }

  private static ListAccountsResult.Entry entry(StoredAccount stored, Instant now) {
    AccountState state = stored.account().effectiveState(now);
    return new ListAccountsResult.Entry(
        stored.id(),
        stored.email(),
        stored.account().plan(),
        state.status(),
        state instanceof AccountState.Deactivated deactivated
            ? Optional.of(deactivated.cause())
            : Optional.empty());
  }
}
