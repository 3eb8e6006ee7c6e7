package io.codexlb.port.out;

import static java.util.Objects.requireNonNull;
import static java.util.concurrent.CompletableFuture.completedFuture;

import io.codexlb.domain.account.Account;
import io.codexlb.domain.account.AccountId;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletionStage;

/** In-memory {@link AccountRepository}: what a test uses instead of a database. Thread-safe. */
public final class InMemoryAccountRepository implements AccountRepository {

  private final TreeMap<String, StoredAccount> accounts = new TreeMap<>();
  private final Map<String, Claim> claims = new HashMap<>();

  private record Claim(String holder, Instant until) {}

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

  @Override
  public synchronized CompletionStage<RefreshClaim> claimRefresh(
      AccountId id, SealedSecret refreshToken, String holder, Instant now, Duration ttl) {
    requireNonNull(refreshToken, "refreshToken");
    requireNonNull(holder, "holder");
    requireNonNull(now, "now");
    requireNonNull(ttl, "ttl");
    StoredAccount stored = accounts.get(id.value());
    if (stored == null) {
      return completedFuture(new RefreshClaim.Missing());
    }
    if (!stored.tokens().refreshToken().equals(refreshToken)) {
      return completedFuture(new RefreshClaim.Superseded(stored));
    }
    Claim current = claims.get(id.value());
    if (current != null && !current.holder().equals(holder) && now.isBefore(current.until())) {
      return completedFuture(new RefreshClaim.HeldElsewhere(current.until()));
    }
    Instant until = now.plus(ttl);
    claims.put(id.value(), new Claim(holder, until));
    return completedFuture(new RefreshClaim.Claimed(until));
  }

  @Override
  public synchronized CompletionStage<RefreshSave> storeRefreshed(
      AccountId id, SealedSecret replaced, AccountTokens tokens, Instant refreshedAt) {
    requireNonNull(replaced, "replaced");
    requireNonNull(tokens, "tokens");
    requireNonNull(refreshedAt, "refreshedAt");
    StoredAccount stored = accounts.get(id.value());
    if (stored == null) {
      return completedFuture(new RefreshSave.Missing());
    }
    if (!stored.tokens().refreshToken().equals(replaced)) {
      return completedFuture(new RefreshSave.Superseded(stored));
    }
    StoredAccount next =
        new StoredAccount(
            stored.account(),
            stored.chatgptAccountId(),
            stored.email(),
            tokens,
            refreshedAt,
            stored.createdAt());
    accounts.put(id.value(), next);
    claims.remove(id.value());
    return completedFuture(new RefreshSave.Saved(next));
  }

  @Override
  public synchronized CompletionStage<Void> releaseRefreshClaim(AccountId id, String holder) {
    requireNonNull(holder, "holder");
    Claim current = claims.get(id.value());
    if (current != null && current.holder().equals(holder)) {
      claims.remove(id.value());
    }
    return completedFuture(null);
  }
}
