package io.codexlb.application;

import static java.util.Objects.requireNonNull;

import io.codexlb.domain.account.Account;
import io.codexlb.domain.account.AccountId;
import io.codexlb.domain.account.AccountStatus;
import io.codexlb.port.out.AccountRepository;
import io.codexlb.port.out.StoredAccount;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Writes what requests learn about accounts to the store, so that a restart remembers it. Limits,
 * quota reports and error streaks change on nearly every response, so they are kept here, newest
 * per account, and written together by {@link #flush()} (about once a second) without announcing
 * anything ({@link AccountRepository#saveStates}). An account that needs a new login or was
 * deactivated is saved at once and announced, so that every instance stops using it.
 */
public final class AccountStateWriter {

  private final AccountRepository accounts;
  private final Map<AccountId, Account> pending = new ConcurrentHashMap<>();
  private final AtomicBoolean flushing = new AtomicBoolean();

  public AccountStateWriter(AccountRepository accounts) {
    this.accounts = requireNonNull(accounts, "accounts");
  }

  /** Takes note of an account a request changed. */
  public void changed(StoredAccount account) {
    requireNonNull(account, "account");
    AccountStatus status = account.account().state().status();
    if (status == AccountStatus.REAUTH_REQUIRED || status == AccountStatus.DEACTIVATED) {
      pending.remove(account.id());
      accounts.save(account);
      return;
    }
    if (status != AccountStatus.PAUSED) {
      pending.put(account.id(), account.account());
    }
  }

  /** Accounts with state not written yet. */
  public int pending() {
    return pending.size();
  }

  /**
   * Writes every pending account in one call; a failed write keeps them for the next flush (a newer
   * state that arrived meanwhile wins). Completes when written; one flush at a time.
   */
  public CompletionStage<Void> flush() {
    if (pending.isEmpty() || !flushing.compareAndSet(false, true)) {
      return CompletableFuture.completedFuture(null);
    }
    List<Account> batch = new ArrayList<>(pending.size());
    for (AccountId id : List.copyOf(pending.keySet())) {
      Account account = pending.remove(id);
      if (account != null) {
        batch.add(account);
      }
    }
    return accounts
        .saveStates(batch)
        .handle(
            (written, error) -> {
              if (error != null) {
                batch.forEach(account -> pending.putIfAbsent(account.id(), account));
              }
              flushing.set(false);
              if (error != null) {
                throw new java.util.concurrent.CompletionException(error);
              }
              return null;
            });
  }
}
