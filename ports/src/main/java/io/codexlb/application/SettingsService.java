package io.codexlb.application;

import static java.util.Objects.requireNonNull;

import io.codexlb.domain.settings.RoutingSettings;
import io.codexlb.port.in.SettingsUseCase;
import io.codexlb.port.in.UpdateSettingsCommand;
import io.codexlb.port.in.UpdateSettingsResult;
import io.codexlb.port.out.SettingsRepository;
import io.codexlb.port.out.SettingsSave;
import jakarta.inject.Inject;
import java.util.concurrent.CompletionStage;

/**
 * Reads and saves the routing settings through the repository, whose save is atomic on the version
 * and announces the change, so the routing table reloads without this service telling it. Each
 * accepted change is logged at INFO with who made it, before and after (settings hold no secret).
 */
public final class SettingsService implements SettingsUseCase {

  private static final System.Logger log = System.getLogger(SettingsService.class.getName());

  private final SettingsRepository settings;

  @Inject
  public SettingsService(SettingsRepository settings) {
    this.settings = requireNonNull(settings, "settings");
  }

  @Override
  public CompletionStage<RoutingSettings> current() {
    return settings.load();
  }

  @Override
  public CompletionStage<UpdateSettingsResult> update(UpdateSettingsCommand command) {
    requireNonNull(command, "command");
    return settings
        .load()
        .thenCompose(
            before ->
                settings
                    .save(command.proposed())
                    .thenApply(saved -> outcome(command, before, saved)));
  }

  private static UpdateSettingsResult outcome(
      UpdateSettingsCommand command, RoutingSettings before, SettingsSave saved) {
    if (saved instanceof SettingsSave.Saved ok) {
      log.log(
          System.Logger.Level.INFO,
          "settings changed by {0}: {1} -> {2}",
          command.actor(),
          before,
          ok.stored());
      return new UpdateSettingsResult.Updated(ok.stored());
    }
    return new UpdateSettingsResult.Conflict(((SettingsSave.Conflict) saved).current());
  }
}
