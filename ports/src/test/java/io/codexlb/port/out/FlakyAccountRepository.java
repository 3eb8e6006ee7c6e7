package io.codexlb.port.out;

import static java.util.Objects.requireNonNull;

import io.codexlb.domain.account.Account;
import io.codexlb.domain.account.AccountId;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An account store whose writes fail while a test says it is down ({@code "store down"}), and which
 * counts the whole-account saves it was asked for. Reads always work.
 */
public final class FlakyAccountRepository implements AccountRepository {

  private final AccountRepository store;
  private final AtomicInteger saves = new AtomicInteger();
  private volatile boolean savesDown;
  private volatile boolean statesDown;
  private volatile boolean refreshesDown;

  /** Passes everything to {@code store} while up. */
  public FlakyAccountRepository(AccountRepository store) {
    this.store = requireNonNull(store, "store");
  }

  /** Makes {@link #save} fail (true) or work (false). */
  public FlakyAccountRepository savesDown(boolean down) {
    savesDown = down;
    return this;
  }

  /** Makes {@link #saveStates} fail (true) or work (false). */
  public FlakyAccountRepository statesDown(boolean down) {
    statesDown = down;
    return this;
  }

  /** Makes {@link #storeRefreshed} fail (true) or work (false). */
  public FlakyAccountRepository refreshesDown(boolean down) {
    refreshesDown = down;
    return this;
  }

  /** How many times {@link #save} was called, failed or not. */
  public int saves() {
    return saves.get();
  }

  @Override
  public CompletionStage<List<StoredAccount>> findAll() {
    return store.findAll();
  }

  @Override
  public CompletionStage<Optional<StoredAccount>> find(AccountId id) {
    return store.find(id);
  }

  @Override
  public CompletionStage<Void> save(StoredAccount account) {
    saves.incrementAndGet();
    return savesDown ? down() : store.save(account);
  }

  @Override
  public CompletionStage<Void> saveStates(List<Account> accounts) {
    return statesDown ? down() : store.saveStates(accounts);
  }

  @Override
  public CompletionStage<Boolean> delete(AccountId id) {
    return store.delete(id);
  }

  @Override
  public CompletionStage<RefreshClaim> claimRefresh(
      AccountId id, SealedSecret refreshToken, String holder, Instant now, Duration ttl) {
    return store.claimRefresh(id, refreshToken, holder, now, ttl);
  }

  @Override
  public CompletionStage<RefreshSave> storeRefreshed(
      AccountId id, SealedSecret replaced, AccountTokens tokens, Instant refreshedAt) {
    return refreshesDown ? down() : store.storeRefreshed(id, replaced, tokens, refreshedAt);
  }

  @Override
  public CompletionStage<Void> releaseRefreshClaim(AccountId id, String holder) {
    return store.releaseRefreshClaim(id, holder);
  }

  private static <T> CompletionStage<T> down() {
    return CompletableFuture.failedFuture(new IllegalStateException("store down"));
  }
}
