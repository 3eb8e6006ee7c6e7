package io.codexlb.application;

import static java.util.Objects.requireNonNull;

import io.codexlb.port.in.PurgeRequestLogsUseCase;
import io.codexlb.port.out.RequestLogRepository;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** Applies the request-log retention through the repository. */
public final class PurgeRequestLogsService implements PurgeRequestLogsUseCase {

  private final RequestLogRepository requestLogs;
  private final Duration retention;

  /**
   * @param requestLogs the request log
   * @param retention how long logs are kept; zero keeps them all
   */
  public PurgeRequestLogsService(RequestLogRepository requestLogs, Duration retention) {
    this.requestLogs = requireNonNull(requestLogs, "requestLogs");
    this.retention = requireNonNull(retention, "retention");
    if (retention.isNegative()) {
      throw new IllegalArgumentException("retention: " + retention + " (expected: >= 0)");
    }
  }

  @Override
  public CompletionStage<Long> purge(Instant now) {
    requireNonNull(now, "now");
    if (retention.isZero()) {
      return CompletableFuture.completedFuture(0L);
    }
    return requestLogs.deleteOlderThan(now.minus(retention));
  }
}
