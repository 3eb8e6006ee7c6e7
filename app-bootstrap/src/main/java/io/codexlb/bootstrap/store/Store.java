package io.codexlb.bootstrap.store;

import static java.util.Objects.requireNonNull;

import io.codexlb.port.out.AccountRepository;
import io.codexlb.port.out.ApiKeyRepository;
import io.codexlb.port.out.ReadinessProbe;
import io.codexlb.port.out.RequestLogRepository;
import io.codexlb.port.out.SettingsRepository;
import io.codexlb.port.out.StickySessionRepository;
import io.codexlb.port.out.StoreChangePublisher;
import io.codexlb.port.out.StoreMetadataRepository;
import io.codexlb.port.out.StorePorts;
import io.codexlb.port.out.UsageHistoryRepository;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * An open store, migrated and checked against the encryption key: every driven port the persistence
 * adapters implement, whichever adapter it is.
 *
 * @param accounts the accounts
 * @param apiKeys API keys and their limits
 * @param settings the routing settings
 * @param stickySessions sticky pins
 * @param requestLogs the request log
 * @param usageHistory accounts' quota windows over time
 * @param metadata facts about the store
 * @param changes announcements of changes, across instances where the store is shared
 * @param probe the readiness check of the open store
 * @param closer releases the store's connections; completes when they are closed
 */
public record Store(
    AccountRepository accounts,
    ApiKeyRepository apiKeys,
    SettingsRepository settings,
    StickySessionRepository stickySessions,
    RequestLogRepository requestLogs,
    UsageHistoryRepository usageHistory,
    StoreMetadataRepository metadata,
    StoreChangePublisher changes,
    ReadinessProbe probe,
    Supplier<CompletionStage<Void>> closer) {

  public Store {
    requireNonNull(accounts, "accounts");
    requireNonNull(apiKeys, "apiKeys");
    requireNonNull(settings, "settings");
    requireNonNull(stickySessions, "stickySessions");
    requireNonNull(requestLogs, "requestLogs");
    requireNonNull(usageHistory, "usageHistory");
    requireNonNull(metadata, "metadata");
    requireNonNull(changes, "changes");
    requireNonNull(probe, "probe");
    requireNonNull(closer, "closer");
  }

  /** The ports the application is given. */
  public StorePorts ports() {
    return new StorePorts(accounts, apiKeys, settings, requestLogs, metadata, changes);
  }

  /** Closes the store's connections. */
  public CompletionStage<Void> close() {
    return closer.get();
  }
}
