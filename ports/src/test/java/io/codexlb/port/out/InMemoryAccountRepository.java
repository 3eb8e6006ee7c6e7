package io.codexlb.port.out;

import static java.util.Objects.requireNonNull;
import static java.util.concurrent.CompletableFuture.completedFuture;

import io.codexlb.domain.account.Account;
import io.codexlb.domain.account.AccountId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletionStage;

/** In-memory {@link AccountRepository}: what a test uses instead of a database. Thread-safe. */
public final class InMemoryAccountRepository implements AccountRepository {

  private final TreeMap<String, StoredAccount> accounts = new TreeMap<>();

  @Override
  public synchronized CompletionStage<List<StoredAccount>> findAll() {
    return completedFuture(List.copyOf(new ArrayList<>(accounts.values())));
  }

  @Override
  public synchronized CompletionStage<Optional<StoredAccount>> find(AccountId id) {
    requireNonNull(id, "id");
    return completedFuture(Optional.ofNullable(accounts.get(id.value())));
  }

  @Override
  public synchronized CompletionStage<Void> save(StoredAccount account) {
    requireNonNull(account, "account");
    accounts.put(account.id().value(), account);
    return completedFuture(null);
  }

  @Override
  public synchronized CompletionStage<Void> saveStates(List<Account> observed) {
    ObservedAccountStates.check(observed);
    for (Account account : observed) {
      StoredAccount stored = accounts.get(account.id().value());
      if (stored != null
          && ObservedAccountStates.STATUSES.contains(stored.account().state().status())) {
        Account kept = stored.account();
        accounts.put(
            account.id().value(),
            stored.withAccount(
                new Account(
                    kept.id(),
                    kept.label(),
                    kept.plan(),
                    account.state(),
                    account.usage(),
                    account.errors())));
      }
    }
    return completedFuture(null);
  }

  @Override
  public synchronized CompletionStage<Boolean> delete(AccountId id) {
    requireNonNull(id, "id");
    return completedFuture(accounts.remove(id.value()) != null);
  }
}
