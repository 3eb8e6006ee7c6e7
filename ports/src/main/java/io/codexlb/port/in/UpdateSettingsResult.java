package io.codexlb.port.in;

import static java.util.Objects.requireNonNull;

import io.codexlb.domain.settings.RoutingSettings;

/** The outcome of {@link SettingsUseCase#update}. */
public sealed interface UpdateSettingsResult {

  /**
   * Saved and announced.
   *
   * @param settings as stored, with the new version
   */
  record Updated(RoutingSettings settings) implements UpdateSettingsResult {
    public Updated {
      requireNonNull(settings, "settings");
    }
  }

  /**
   * Refused, nothing changed: the stored version is no longer the one the change was based on.
   *
   * @param current what is stored now
   */
  record Conflict(RoutingSettings current) implements UpdateSettingsResult {
    public Conflict {
      requireNonNull(current, "current");
    }
  }
}
