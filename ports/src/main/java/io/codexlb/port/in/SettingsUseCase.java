package io.codexlb.port.in;

import io.codexlb.domain.settings.RoutingSettings;
import java.util.concurrent.CompletionStage;

/**
 * Reads and changes the routing settings ({@code GET} and {@code PUT /api/settings}, {@code
 * settings show|set}). A change is announced by the store, so every instance routes with it at once
 * (this one) or within a second (others).
 */
public interface SettingsUseCase {

  /** The stored settings, or the defaults at version 0; fails only when the store does. */
  CompletionStage<RoutingSettings> current();

  /**
   * Saves {@code command}'s settings if the stored version is still the one it names.
   *
   * @return the saved settings (version + 1), or a conflict with what is stored
   */
  CompletionStage<UpdateSettingsResult> update(UpdateSettingsCommand command);
}
