package io.codexlb.application;

import static java.util.Objects.requireNonNull;

import io.codexlb.domain.account.Account;
import io.codexlb.domain.account.AccountEvent;
import io.codexlb.domain.account.AccountId;
import io.codexlb.domain.routing.Eligibility;
import io.codexlb.domain.routing.PickResult;
import io.codexlb.domain.routing.RoutingTable;
import io.codexlb.domain.routing.StickyRouting;
import io.codexlb.domain.settings.RoutingSettings;
import io.codexlb.domain.sticky.StickyKey;
import io.codexlb.domain.sticky.StickySessions;
import io.codexlb.port.in.PickAccountUseCase;
import io.codexlb.port.out.AccountRepository;
import io.codexlb.port.out.SettingsRepository;
import io.codexlb.port.out.StoreChange;
import io.codexlb.port.out.StoreChangePublisher;
import io.codexlb.port.out.StoredAccount;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.random.RandomGenerator;

/**
 * Routes over a {@link RoutingTable} that mirrors the store: when the store announces a change to
 * the accounts, the table takes every account as stored (added, changed, removed; requests in
 * flight are kept), and a change to the settings reconfigures it and the sticky sessions.
 *
 * <p>It also holds the pool's accounts as stored (their tokens and upstream ids, for the proxy) and
 * applies what requests observe of an account ({@link #record}) to memory at once, so the next pick
 * already avoids an account that was just rate limited.
 */
public final class PickAccountService implements PickAccountUseCase {

  private final RoutingTable table;
  private final StickySessions sessions;
  private final Map<AccountId, StoredAccount> stored = new ConcurrentHashMap<>();

  private PickAccountService(RoutingTable table, StickySessions sessions) {
    this.table = table;
    this.sessions = sessions;
  }

  /**
   * Loads the settings and the accounts, then keeps the table coherent with the store; completes
   * once both are loaded.
   *
   * @param random the randomness of {@code capacity_weighted}
   */
  public static CompletionStage<PickAccountService> start(
      AccountRepository accounts,
      SettingsRepository settings,
      StoreChangePublisher changes,
      RandomGenerator random) {
    requireNonNull(accounts, "accounts");
    requireNonNull(settings, "settings");
    requireNonNull(changes, "changes");
    requireNonNull(random, "random");
    return settings
        .load()
        .thenCompose(
            initial -> {
              PickAccountService service =
                  new PickAccountService(
                      RoutingTable.of(initial, random),
                      StickySessions.create(initial.stickyPolicy()));
              return CoherentView.<RoutingSettings>load(
                      StoreChange.SETTINGS,
                      () -> settings.load().thenApply(service::configure),
                      changes)
                  .thenCompose(
                      settingsView ->
                          CoherentView.<Set<AccountId>>load(
                              StoreChange.ACCOUNTS,
                              () -> accounts.findAll().thenApply(service::mirror),
                              changes))
                  .thenApply(accountsView -> service);
            });
  }

  @Override
  public PickResult pickAndAcquire(Set<AccountId> excluded, Instant now) {
    return table.pickAndAcquire(excluded, now);
  }

  @Override
  public PickResult pickAndAcquire(
      Optional<StickyKey> session, Set<AccountId> excluded, Instant now) {
    requireNonNull(session, "session");
    if (session.isEmpty()) {
      return table.pickAndAcquire(excluded, now);
    }
    PickResult result = StickyRouting.pick(sessions, session, table, excluded, now);
    if (result instanceof PickResult.Picked picked && !table.acquire(picked.account())) {
      // The account left the pool between the pick and the count: pick again without it.
      sessions.forget(picked.account());
      return table.pickAndAcquire(excluded, now);
    }
    return result;
  }

  /**
   * Counts one more request in flight on an account the caller already holds (a retry on the same
   * account after its token was refreshed).
   *
   * @return false when the account has left the pool
   */
  public boolean acquire(AccountId account) {
    return table.acquire(account);
  }

  @Override
  public boolean release(AccountId account) {
    return table.release(account);
  }

  @Override
  public List<Eligibility> explain(Instant now) {
    return table.explain(Set.of(), now);
  }

  /** The account as stored, with what requests observed of it since applied. */
  public Optional<StoredAccount> account(AccountId id) {
    return Optional.ofNullable(stored.get(requireNonNull(id, "id")));
  }

  /**
   * Applies what a request observed of an account (a quota report, a rate limit, an error, a
   * success) to the account in memory; the next pick sees it.
   *
   * @return the account as it now is, when the event changed it; empty when it changed nothing or
   *     the account is not in the pool
   */
  public Optional<StoredAccount> record(AccountId id, AccountEvent event, Instant now) {
    requireNonNull(event, "event");
    requireNonNull(now, "now");
    StoredAccount[] changed = new StoredAccount[1];
    stored.computeIfPresent(
        id,
        (ignored, current) -> {
          Account next = current.account().on(event, now);
          if (next.equals(current.account())) {
            return current;
          }
          table.put(next);
          changed[0] = current.withAccount(next);
          return changed[0];
        });
    return Optional.ofNullable(changed[0]);
  }

  /** Replaces an account's stored form in memory (new tokens), as the store now has it. */
  public void replace(StoredAccount account) {
    requireNonNull(account, "account");
    stored.computeIfPresent(
        account.id(),
        (ignored, current) -> {
          table.put(account.account());
          return account;
        });
  }

  private RoutingSettings configure(RoutingSettings loaded) {
    table.configure(loaded);
    sessions.configure(loaded.stickyPolicy());
    return loaded;
  }

  /** Makes the table and the accounts hold exactly the stored accounts; returns their ids. */
  private Set<AccountId> mirror(List<StoredAccount> all) {
    Map<AccountId, StoredAccount> byId = new ConcurrentHashMap<>();
    for (StoredAccount account : all) {
      byId.put(account.id(), account);
      table.put(account.account());
      stored.put(account.id(), account);
    }
    for (AccountId id : Set.copyOf(stored.keySet())) {
      if (!byId.containsKey(id)) {
        stored.remove(id);
        table.remove(id);
        sessions.forget(id);
      }
    }
    return Set.copyOf(byId.keySet());
  }
}
