package io.codexlb.benchmarks.load;

import io.codexlb.adapter.sqlite.SqliteStore;
import io.codexlb.domain.settings.RoutingSettings;
import io.codexlb.domain.settings.SettingsValidation;
import io.codexlb.port.out.SettingsSave;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Sets the per-account concurrency cap ({@code account_stream_limit}) in a stopped codex-lb's
 * SQLite store, through the store's {@link io.codexlb.port.out.SettingsRepository} as the dashboard
 * would: neither the command line nor an admin API sets it yet, and its default (8 requests per
 * account) refuses a load of thousands of streams over a handful of accounts with {@code
 * no_accounts}, which is the cap doing its job, not the speed being measured.
 */
final class RoutingSettingsWriter {

  private RoutingSettingsWriter() {}

  /** Saves {@code accountStreamLimit} into {@code storeFile}, keeping every other setting. */
  static void setAccountStreamLimit(Path storeFile, int accountStreamLimit) {
    ExecutorService jdbc = Executors.newSingleThreadExecutor();
    try {
      SqliteStore store = SqliteStore.open(storeFile, jdbc, true).toCompletableFuture().join();
      try {
        RoutingSettings current = store.ports().settings().load().toCompletableFuture().join();
        SettingsValidation proposed =
            current.toBuilder().accountStreamLimit((long) accountStreamLimit).build();
        if (proposed instanceof SettingsValidation.Invalid invalid) {
          throw new IllegalArgumentException(
              "--account-stream-limit: "
                  + accountStreamLimit
                  + " (expected: "
                  + invalid.errors().get(0).expected()
                  + ")");
        }
        SettingsSave saved =
            store
                .ports()
                .settings()
                .save(((SettingsValidation.Valid) proposed).settings())
                .toCompletableFuture()
                .join();
        if (!(saved instanceof SettingsSave.Saved)) {
          throw new IllegalStateException(
              "account_stream_limit: not saved (expected: nothing else writes the store now)");
        }
      } finally {
        store.close().toCompletableFuture().join();
      }
    } finally {
      jdbc.shutdown();
    }
  }
}
