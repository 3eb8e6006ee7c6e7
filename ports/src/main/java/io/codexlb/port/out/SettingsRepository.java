package io.codexlb.port.out;

import io.codexlb.domain.settings.RoutingSettings;
import java.util.concurrent.CompletionStage;

/**
 * The routing settings: one row, updated with an optimistic version so that two instances or two
 * administrators never overwrite each other's change unseen.
 *
 * <p>Contract: {@link #load()} on a store where nothing was saved gives {@link
 * RoutingSettings#defaults()} (version 0). {@link #save} succeeds only when the stored version
 * equals the proposal's {@code version}, atomically in the store; the stored settings then carry
 * version + 1. A stage completes only once the change is durable.
 */
public interface SettingsRepository {

  /** The stored settings, or the defaults at version 0. */
  CompletionStage<RoutingSettings> load();

  /**
   * Saves {@code proposed} if the stored version is still {@code proposed.version()}.
   *
   * @return {@link SettingsSave.Saved} with version + 1, or {@link SettingsSave.Conflict} with what
   *     is stored
   */
  CompletionStage<SettingsSave> save(RoutingSettings proposed);
}
