package io.codexlb.adapter.sqlite;

import static java.util.Objects.requireNonNull;

import io.codexlb.domain.account.AccountId;
import io.codexlb.port.out.UsageHistoryRepository;
import io.codexlb.port.out.UsageSample;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletionStage;
import org.jspecify.annotations.Nullable;

/** Usage samples in {@code usage_history}; a batch is appended in one transaction. */
final class SqliteUsageHistoryRepository implements UsageHistoryRepository {

  private final SqliteJdbc jdbc;

  SqliteUsageHistoryRepository(SqliteJdbc jdbc) {
    this.jdbc = jdbc;
  }

  @Override
  public CompletionStage<Void> append(List<UsageSample> samples) {
    List<@Nullable Object[]> rows =
        requireNonNull(samples, "samples").stream()
            .map(
                sample ->
                    new @Nullable Object[] {
                      sample.accountId().value(),
                      sample.recordedAt(),
                      sample.window().name().toLowerCase(Locale.ROOT),
                      sample.usedPercent(),
                      sample.resetsAt(),
                      sample.length().toMillis()
                    })
            .toList();
    return jdbc.writeVoid(
        connection -> {
          Sql.batch(
              connection,
              "INSERT INTO usage_history (account_id, recorded_at, quota_window, used_percent,"
                  + " resets_at, length_ms) VALUES (?, ?, ?, ?, ?, ?)",
              rows);
        });
  }

  @Override
  public CompletionStage<List<UsageSample>> query(AccountId accountId, Instant from, Instant to) {
    requireNonNull(accountId, "accountId");
    requireNonNull(from, "from");
    requireNonNull(to, "to");
    // 'primary' sorts before 'secondary', the windows' declared order; id keeps append order.
    return jdbc.call(
        connection ->
            Sql.list(
                connection,
                "SELECT recorded_at, quota_window, used_percent, resets_at, length_ms"
                    + " FROM usage_history"
                    + " WHERE account_id = ? AND recorded_at >= ? AND recorded_at < ?"
                    + " ORDER BY recorded_at, quota_window, id",
                rows ->
                    new UsageSample(
                        accountId,
                        Columns.requiredInstant(rows, "recorded_at"),
                        UsageSample.QuotaWindow.valueOf(
                            rows.getString("quota_window").toUpperCase(Locale.ROOT)),
                        rows.getDouble("used_percent"),
                        Columns.requiredInstant(rows, "resets_at"),
                        Duration.ofMillis(rows.getLong("length_ms"))),
                accountId.value(),
                from,
                to));
  }

  @Override
  public CompletionStage<Long> deleteOlderThan(Instant cutoff) {
    requireNonNull(cutoff, "cutoff");
    return jdbc.call(
        connection ->
            (long)
                Sql.update(connection, "DELETE FROM usage_history WHERE recorded_at < ?", cutoff));
  }
}
