package io.codexlb.adapter.postgres;

import static io.codexlb.adapter.postgres.PgValues.instant;
import static io.codexlb.adapter.postgres.PgValues.requiredInstant;
import static io.codexlb.adapter.postgres.PgValues.timestamp;
import static java.util.Objects.requireNonNull;

import io.codexlb.domain.account.AccountId;
import io.codexlb.domain.account.Credits;
import io.codexlb.domain.account.UsageWindow;
import io.codexlb.port.out.UsageHistoryRepository;
import io.codexlb.port.out.UsageSample;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** The usage history in {@code usage_history}: one row per poll of an account. */
public final class PostgresUsageHistoryRepository implements UsageHistoryRepository {

  private static final String COLUMNS =
      "account_id, recorded_at, plan_type, primary_used_percent, primary_resets_at,"
          + " primary_length_seconds, secondary_used_percent, secondary_resets_at,"
          + " secondary_length_seconds, credits_has, credits_unlimited, credits_balance";

  private static final String INSERT =
      "INSERT INTO usage_history ("
          + COLUMNS
          + ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)";

  private final Pool pool;

  /** The usage history kept through {@code pool}, whose schema is migrated. */
  public PostgresUsageHistoryRepository(Pool pool) {
    this.pool = requireNonNull(pool, "pool");
  }

  @Override
  public CompletionStage<Void> append(List<UsageSample> samples) {
    requireNonNull(samples, "samples");
    if (samples.isEmpty()) {
      return CompletableFuture.completedFuture(null);
    }
    List<Tuple> rows = new ArrayList<>(samples.size());
    for (UsageSample sample : samples) {
      rows.add(row(sample));
    }
    return pool.preparedQuery(INSERT).executeBatch(rows).<Void>mapEmpty().toCompletionStage();
  }

  @Override
  public CompletionStage<List<UsageSample>> find(
      AccountId account, Instant from, Instant to, int limit) {
    requireNonNull(account, "account");
    requireNonNull(from, "from");
    requireNonNull(to, "to");
    if (limit < 1 || limit > MAX_SAMPLES) {
      throw new IllegalArgumentException(
          "limit: " + limit + " (expected: 1 to " + MAX_SAMPLES + ")");
    }
    return pool.preparedQuery(
            "SELECT "
                + COLUMNS
                + " FROM usage_history WHERE account_id = $1 AND recorded_at >= $2"
                + " AND recorded_at < $3 ORDER BY recorded_at, id LIMIT "
                + limit)
        .execute(Tuple.of(account.value(), timestamp(from), timestamp(to)))
        .map(
            rows -> {
              List<UsageSample> found = new ArrayList<>();
              rows.forEach(row -> found.add(sample(row)));
              return List.copyOf(found);
            })
        .toCompletionStage();
  }

  private static Tuple row(UsageSample sample) {
    Optional<UsageWindow> primary = sample.primary();
    Optional<UsageWindow> secondary = sample.secondary();
    return Tuple.tuple()
        .addString(sample.accountId().value())
        .addOffsetDateTime(timestamp(sample.recordedAt()))
        .addString(sample.planType().orElse(null))
        .addDouble(primary.map(UsageWindow::usedPercent).orElse(null))
        .addOffsetDateTime(timestamp(primary.map(UsageWindow::resetsAt).orElse(null)))
        .addLong(primary.map(w -> w.length().toSeconds()).orElse(null))
        .addDouble(secondary.map(UsageWindow::usedPercent).orElse(null))
        .addOffsetDateTime(timestamp(secondary.map(UsageWindow::resetsAt).orElse(null)))
        .addLong(secondary.map(w -> w.length().toSeconds()).orElse(null))
        .addBoolean(sample.credits().hasCredits())
        .addBoolean(sample.credits().unlimited())
        .addDouble(sample.credits().balance());
  }

  private static UsageSample sample(Row row) {
    return new UsageSample(
        new AccountId(row.getString("account_id")),
        requiredInstant(row, "recorded_at"),
        Optional.ofNullable(row.getString("plan_type")),
        window(row, "primary"),
        window(row, "secondary"),
        new Credits(
            row.getBoolean("credits_has"),
            row.getBoolean("credits_unlimited"),
            row.getDouble("credits_balance")));
  }

  private static Optional<UsageWindow> window(Row row, String prefix) {
    Instant resetsAt = instant(row, prefix + "_resets_at");
    if (resetsAt == null) {
      return Optional.empty();
    }
    return Optional.of(
        new UsageWindow(
            row.getDouble(prefix + "_used_percent"),
            resetsAt,
            Duration.ofSeconds(row.getLong(prefix + "_length_seconds"))));
  }
}
