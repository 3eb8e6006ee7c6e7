package io.codexlb.port.out;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * The request log: appended in batches off the request path, queried by the dashboard, trimmed by
 * the retention job.
 *
 * <p>Contract: {@link #append} writes the whole batch or nothing, and completes once it is durable;
 * a request id already in the log is skipped, so a batch retried after a failure is never counted
 * twice. {@link #query} pages are stable: following {@code next} visits every matching entry once,
 * newest first. Entries read back equal to what was appended. {@link #usage} adds up exactly the
 * entries {@link #query} would list for the same range, for any range, after retried batches and
 * after {@link #deleteOlderThan} (usage never outlives the entries).
 */
public interface RequestLogRepository {

  /** Appends a batch; entries whose request id is already logged are skipped. */
  CompletionStage<Void> append(List<RequestLog> batch);

  /** One page of the logs matching {@code query}. */
  CompletionStage<RequestLogPage> query(RequestLogQuery query);

  /**
   * The usage totals {@code query} asks for, added up in the store, ordered by bucket start then
   * group (requests without a group first). The SQL stores read whole hours from hourly rollups
   * ({@link HourlyUsage}) kept in the append's transaction, and the ragged ends from the entries
   * ({@link UsageRange}).
   */
  CompletionStage<List<UsageTotals>> usage(UsageQuery query);

  /**
   * Deletes the entries requested before {@code cutoff}, and their share of any rollups in the same
   * transaction; returns how many entries.
   */
  CompletionStage<Long> deleteOlderThan(Instant cutoff);
}
