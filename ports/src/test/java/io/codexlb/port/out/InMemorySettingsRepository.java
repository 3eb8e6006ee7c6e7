package io.codexlb.port.out;

import static java.util.Objects.requireNonNull;
import static java.util.concurrent.CompletableFuture.completedFuture;

import io.codexlb.domain.settings.RoutingSettings;
import java.util.concurrent.CompletionStage;

/** In-memory {@link SettingsRepository} with the same optimistic version check. Thread-safe. */
public final class InMemorySettingsRepository implements SettingsRepository {

  private RoutingSettings stored = RoutingSettings.defaults();

  @Override
  public synchronized CompletionStage<RoutingSettings> load() {
    return completedFuture(stored);
  }

  @Override
  public synchronized CompletionStage<SettingsSave> save(RoutingSettings proposed) {
    requireNonNull(proposed, "proposed");
    if (proposed.version() != stored.version()) {
      return completedFuture(new SettingsSave.Conflict(stored));
    }
    stored = proposed.nextVersion();
    return completedFuture(new SettingsSave.Saved(stored));
  }
}
