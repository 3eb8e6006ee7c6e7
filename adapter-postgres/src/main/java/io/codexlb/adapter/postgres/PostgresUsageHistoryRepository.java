package io.codexlb.adapter.postgres;

import static io.codexlb.adapter.postgres.PgValues.requiredInstant;
import static io.codexlb.adapter.postgres.PgValues.timestamp;
import static java.util.Objects.requireNonNull;

import io.codexlb.domain.account.AccountId;
import io.codexlb.port.out.UsageHistoryRepository;
import io.codexlb.port.out.UsageSample;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletionStage;

/**
 * Accounts' quota windows over time in the {@code usage_history} table. A window's length is kept
 * as seconds plus nanoseconds, so any length reads back exactly.
 */
public final class PostgresUsageHistoryRepository implements UsageHistoryRepository {

  private static final String COLUMNS =
      "account_id, recorded_at, quota_window, used_percent, resets_at, length_seconds,"
          + " length_nanos";

  private final Pool pool;

  /** History kept through {@code pool}, whose schema is migrated. */
  public PostgresUsageHistoryRepository(Pool pool) {
    this.pool = requireNonNull(pool, "pool");
  }

  @Override
  public CompletionStage<Void> append(List<UsageSample> samples) {
    requireNonNull(samples, "samples");

    List<Tuple> batch = new ArrayList<>();
    for (UsageSample sample : samples) {
      requireNonNull(sample, "samples element");
      batch.add(
          Tuple.tuple()
              .addString(sample.accountId().value())
              .addOffsetDateTime(timestamp(sample.recordedAt()))
              .addString(sample.window().name().toLowerCase(Locale.ROOT))
              .addDouble(sample.usedPercent())
              .addOffsetDateTime(timestamp(sample.resetsAt()))
              .addLong(sample.length().getSeconds())
              .addInteger(sample.length().getNano()));
    }
    return PgStatements.batchInTransaction(
        pool,
        "INSERT INTO usage_history (" + COLUMNS + ") VALUES ($1, $2, $3, $4, $5, $6, $7)",
        batch);
  }

  @Override
  public CompletionStage<List<UsageSample>> query(AccountId accountId, Instant from, Instant to) {
    requireNonNull(accountId, "accountId");
    requireNonNull(from, "from");
    requireNonNull(to, "to");
    // 'primary' sorts before 'secondary' in every collation, as PRIMARY before SECONDARY.
    return pool.preparedQuery(
            "SELECT "
                + COLUMNS
                + " FROM usage_history WHERE account_id = $1 AND recorded_at >= $2"
                + " AND recorded_at < $3 ORDER BY recorded_at, quota_window, id")
        .execute(Tuple.of(accountId.value(), timestamp(from), timestamp(to)))
        .map(
            rows -> {
              List<UsageSample> samples = new ArrayList<>();
              rows.forEach(row -> samples.add(toSample(row)));
              return samples;
            })
        .toCompletionStage();
  }

  @Override
  public CompletionStage<Long> deleteOlderThan(Instant cutoff) {
    requireNonNull(cutoff, "cutoff");
    return PgStatements.changedCount(
            pool, "DELETE FROM usage_history WHERE recorded_at < $1", Tuple.of(timestamp(cutoff)))
        .thenApply(Integer::longValue);
  }

  private static UsageSample toSample(Row row) {
    String window = row.getString("quota_window");
    UsageSample.QuotaWindow quotaWindow;
    try {
      quotaWindow = UsageSample.QuotaWindow.valueOf(window.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException(
          "usage_history: column quota_window is '" + window + "' (expected: primary or secondary)",
          e);
    }
    return new UsageSample(
        new AccountId(row.getString("account_id")),
        requiredInstant(row, "recorded_at"),
        quotaWindow,
        row.getDouble("used_percent"),
        requiredInstant(row, "resets_at"),
        Duration.ofSeconds(row.getLong("length_seconds"), row.getInteger("length_nanos")));
  }
}
