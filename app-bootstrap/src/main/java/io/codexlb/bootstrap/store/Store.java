package io.codexlb.bootstrap.store;

import static java.util.Objects.requireNonNull;

import io.codexlb.port.out.AccountRepository;
import io.codexlb.port.out.ApiKeyRepository;
import io.codexlb.port.out.ReadinessProbe;
import io.codexlb.port.out.RequestLogRepository;
import io.codexlb.port.out.SettingsRepository;
import io.codexlb.port.out.StoreChangePublisher;
import io.codexlb.port.out.StoreMetadataRepository;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * An open store, migrated and checked against the encryption key: every driven port the persistence
 * adapters implement, whichever adapter it is.
 *
 * @param accounts the accounts
 * @param apiKeys API keys and their limits
 * @param settings the routing settings
 * @param requestLogs the request log
 * @param metadata facts about the store
 * @param changes announcements of changes, across instances where the store is shared
 * @param probe the readiness check of the open store
 * @param closer releases the store's connections; completes when they are closed
 */
public record Store(
    AccountRepository accounts,
    ApiKeyRepository apiKeys,
    SettingsRepository settings,
    RequestLogRepository requestLogs,
    StoreMetadataRepository metadata,
    StoreChangePublisher changes,
    ReadinessProbe probe,
    Supplier<CompletionStage<Void>> closer) {

  public Store {
    requireNonNull(accounts, "accounts");
    requireNonNull(apiKeys, "apiKeys");
    requireNonNull(settings, "settings");
    requireNonNull(requestLogs, "requestLogs");
    requireNonNull(metadata, "metadata");
    requireNonNull(changes, "changes");
    requireNonNull(probe, "probe");
    requireNonNull(closer, "closer");
  }

  /** Closes the store's connections. */
  public CompletionStage<Void> close() {
    return closer.get();
  }
}
