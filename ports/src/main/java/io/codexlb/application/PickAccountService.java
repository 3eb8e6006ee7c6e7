package io.codexlb.application;

import static java.util.Objects.requireNonNull;

import io.codexlb.domain.account.Account;
import io.codexlb.domain.account.AccountId;
import io.codexlb.domain.routing.Eligibility;
import io.codexlb.domain.routing.PickResult;
import io.codexlb.domain.routing.RoutingTable;
import io.codexlb.domain.settings.RoutingSettings;
import io.codexlb.port.in.PickAccountUseCase;
import io.codexlb.port.out.AccountRepository;
import io.codexlb.port.out.SettingsRepository;
import io.codexlb.port.out.StoreChange;
import io.codexlb.port.out.StoreChangePublisher;
import io.codexlb.port.out.StoredAccount;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.random.RandomGenerator;

/**
 * Routes over a {@link RoutingTable} that mirrors the store: when the store announces a change to
 * the accounts, the table takes every account as stored (added, changed, removed; requests in
 * flight are kept), and a change to the settings reconfigures it.
 */
public final class PickAccountService implements PickAccountUseCase {

  private final RoutingTable table;

  private PickAccountService(RoutingTable table) {
    this.table = table;
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
              RoutingTable table = RoutingTable.of(initial, random);
              return CoherentView.<RoutingSettings>load(
                      StoreChange.SETTINGS,
                      () -> settings.load().thenApply(loaded -> configure(table, loaded)),
                      changes)
                  .thenCompose(
                      settingsView ->
                          CoherentView.<Set<AccountId>>load(
                              StoreChange.ACCOUNTS,
                              () -> accounts.findAll().thenApply(all -> mirror(table, all)),
                              changes))
                  .thenApply(accountsView -> new PickAccountService(table));
            });
  }

  @Override
  public PickResult pickAndAcquire(Set<AccountId> excluded, Instant now) {
    return table.pickAndAcquire(excluded, now);
  }

  @Override
  public boolean release(AccountId account) {
    return table.release(account);
  }

  @Override
  public List<Eligibility> explain(Instant now) {
    return table.explain(Set.of(), now);
  }

  private static RoutingSettings configure(RoutingTable table, RoutingSettings loaded) {
    table.configure(loaded);
    return loaded;
  }

  /** Makes the table hold exactly the stored accounts; returns their ids. */
  private static Set<AccountId> mirror(RoutingTable table, List<StoredAccount> stored) {
    Set<AccountId> ids = new HashSet<>();
    for (StoredAccount account : stored) {
      Account domain = account.account();
      table.put(domain);
      ids.add(domain.id());
    }
    for (var candidate : table.candidates(Instant.EPOCH)) {
      AccountId id = candidate.view().id();
      if (!ids.contains(id)) {
        table.remove(id);
      }
    }
    return Set.copyOf(ids);
  }
}
