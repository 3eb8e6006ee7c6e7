package io.codexlb.application;

import static java.util.Objects.requireNonNull;

import io.codexlb.domain.settings.RoutingSettings;
import io.codexlb.domain.settings.RoutingStrategy;
import io.codexlb.port.in.SettingsUseCase;
import io.codexlb.port.in.UpdateSettingsCommand;
import io.codexlb.port.in.UpdateSettingsResult;
import io.codexlb.port.out.SettingsRepository;
import io.codexlb.port.out.SettingsSave;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.jspecify.annotations.Nullable;

/**
 * Reads and saves the routing settings through the repository, whose save is atomic on the version
 * and announces the change, so the routing table reloads without this service telling it. Each
 * accepted change is logged at INFO with who made it, before and after (settings hold no secret),
 * and, given an {@link AuditTrail}, recorded in the audit log as {@code settings.update}.
 */
public final class SettingsService implements SettingsUseCase {

  private static final System.Logger log = System.getLogger(SettingsService.class.getName());

  private final SettingsRepository settings;
  private final @Nullable AuditTrail audit;
  private final Clock clock;

  /** Without an audit log: the change is only logged. */
  @Inject
  public SettingsService(SettingsRepository settings) {
    this(settings, null, Clock.systemUTC());
  }

  /**
   * @param settings the stored settings
   * @param audit records each accepted change; {@code null} logs it only
   * @param clock when a change is recorded as made
   */
  public SettingsService(SettingsRepository settings, @Nullable AuditTrail audit, Clock clock) {
    this.settings = requireNonNull(settings, "settings");
    this.audit = audit;
    this.clock = requireNonNull(clock, "clock");
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
                    .thenApply(saved -> outcome(command, before, saved))
                    .thenCompose(result -> recorded(command, before, result)));
  }

  private CompletionStage<UpdateSettingsResult> recorded(
      UpdateSettingsCommand command, RoutingSettings before, UpdateSettingsResult result) {
    AuditTrail trail = audit;
    if (trail == null || !(result instanceof UpdateSettingsResult.Updated updated)) {
      return CompletableFuture.completedFuture(result);
    }
    return trail
        .record(
            new AuditTrail.Action(
                command.actor(),
                "settings.update",
                Optional.empty(),
                Optional.of(json(before)),
                Optional.of(json(updated.settings())),
                clock.instant()))
        .thenApply(written -> result);
  }

  /** The settings as the audit log shows them: the admin API's field names. */
  static String json(RoutingSettings settings) {
    RoutingStrategy strategy = settings.routingStrategy();
    return AuditTrail.json(
        AuditTrail.fields(
            "routing_strategy", strategy.wireName(),
            "prefer_earlier_reset", settings.preferEarlierReset(),
            "sticky_threads_enabled", settings.stickyThreadsEnabled(),
            "sticky_ttl_seconds", settings.stickyTtl().toSeconds(),
            "account_stream_limit", settings.accountStreamLimit(),
            "account_inflight_penalty_pct", settings.accountInflightPenaltyPct(),
            "request_log_retention_days", Optional.ofNullable(settings.requestLogRetentionDays()),
            "version", settings.version()));
  }

  private static UpdateSettingsResult outcome(
      UpdateSettingsCommand command, RoutingSettings before, SettingsSave saved) {
    if (saved instanceof SettingsSave.Saved ok) {
      log.log(
          System.Logger.Level.INFO,
          "settings changed by {0}: {1} -> {2}",
          command.actor().actor(),
          before,
          ok.stored());
      return new UpdateSettingsResult.Updated(ok.stored());
    }
    return new UpdateSettingsResult.Conflict(((SettingsSave.Conflict) saved).current());
  }
}
