package io.codexlb.application;

import static java.util.Objects.requireNonNull;

import io.codexlb.domain.settings.RoutingSettings;
import io.codexlb.port.in.PurgeRequestLogsUseCase;
import io.codexlb.port.out.RequestLogRepository;
import io.codexlb.port.out.SettingsRepository;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Applies the request-log retention through the repository. The retention is read from the stored
 * settings on every run ({@code request_log_retention_days}), so a change through the admin API,
 * the command line or another instance applies from the next run without a restart; while none is
 * stored, the configured one ({@code CODEX_LB_REQUEST_LOG_RETENTION_DAYS}) applies.
 */
public final class PurgeRequestLogsService implements PurgeRequestLogsUseCase {

  private final RequestLogRepository requestLogs;
  private final SettingsRepository settings;
  private final int configuredDays;

  /**
   * @param requestLogs the request log
   * @param settings where the stored retention is read on each run
   * @param configuredDays the retention while none is stored; zero keeps them all
   */
  public PurgeRequestLogsService(
      RequestLogRepository requestLogs, SettingsRepository settings, int configuredDays) {
    this.requestLogs = requireNonNull(requestLogs, "requestLogs");
    this.settings = requireNonNull(settings, "settings");
    if (configuredDays < 0) {
      throw new IllegalArgumentException("configuredDays: " + configuredDays + " (expected: >= 0)");
    }
    this.configuredDays = configuredDays;
  }

  @Override
  public CompletionStage<Long> purge(Instant now) {
    requireNonNull(now, "now");
    return settings.load().thenCompose(stored -> purge(stored, now));
  }

  private CompletionStage<Long> purge(RoutingSettings stored, Instant now) {
    int days = stored.requestLogRetentionDaysOr(configuredDays);
    if (days == 0) {
      return CompletableFuture.completedFuture(0L);
    }
    return requestLogs.deleteOlderThan(now.minus(Duration.ofDays(days)));
  }
}
