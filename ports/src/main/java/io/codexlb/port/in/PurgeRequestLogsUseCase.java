package io.codexlb.port.in;

import java.time.Instant;
import java.util.concurrent.CompletionStage;

/**
 * Deletes the request logs older than the retention: the stored {@code request_log_retention_days}
 * as it is at each run, else the configured {@code CODEX_LB_REQUEST_LOG_RETENTION_DAYS}; a
 * retention of zero keeps everything. Run periodically.
 */
public interface PurgeRequestLogsUseCase {

  /**
   * Deletes what is older than {@code now} minus the retention.
   *
   * @return how many request logs were deleted
   */
  CompletionStage<Long> purge(Instant now);
}
