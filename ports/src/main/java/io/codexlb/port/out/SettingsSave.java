package io.codexlb.port.out;

import static java.util.Objects.requireNonNull;

import io.codexlb.domain.settings.RoutingSettings;

/** The outcome of {@link SettingsRepository#save}. */
public sealed interface SettingsSave {

  /**
   * Saved.
   *
   * @param stored the settings as stored, with the new version
   */
  record Saved(RoutingSettings stored) implements SettingsSave {
    public Saved {
      requireNonNull(stored, "stored");
    }
  }

  /**
   * Refused, changing nothing: another update came first.
   *
   * @param current the settings now stored, for the caller to show or merge
   */
  record Conflict(RoutingSettings current) implements SettingsSave {
    public Conflict {
      requireNonNull(current, "current");
    }
  }
}
