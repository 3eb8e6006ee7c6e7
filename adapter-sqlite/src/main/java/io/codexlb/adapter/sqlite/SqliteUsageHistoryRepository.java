package io.codexlb.adapter.sqlite;

import static java.util.Objects.requireNonNull;

import io.codexlb.domain.account.AccountId;
import io.codexlb.port.out.UsageHistoryRepository;
import io.codexlb.port.out.UsageSample;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletionStage;

/** Usage samples in {@code usage_history}; a batch is appended in one transaction. */
final class SqliteUsageHistoryRepository implements UsageHistoryRepository {

  private final SqliteJdbc jdbc;

  SqliteUsageHistoryRepository(SqliteJdbc jdbc) {
    this.jdbc = jdbc;
  }

  @Override
  public CompletionStage<Void> append(List<UsageSample> samples) {
    List<UsageSample> batch = List.copyOf(requireNonNull(samples, "samples"));
    return jdbc.write(
        connection -> {
          try (PreparedStatement insert =
              connection.prepareStatement(
                  "INSERT INTO usage_history (account_id, recorded_at, quota_window,"
                      + " used_percent, resets_at, length_ms) VALUES (?, ?, ?, ?, ?, ?)")) {
            for (UsageSample sample : batch) {
              insert.setString(1, sample.accountId().value());
              Columns.setInstant(insert, 2, sample.recordedAt());
              insert.setString(3, sample.window().name().toLowerCase(Locale.ROOT));
              insert.setDouble(4, sample.usedPercent());
              Columns.setInstant(insert, 5, sample.resetsAt());
              insert.setLong(6, sample.length().toMillis());
              insert.addBatch();
            }
            insert.executeBatch();
          }
          return null;
        });
  }

  @Override
  public CompletionStage<List<UsageSample>> query(AccountId accountId, Instant from, Instant to) {
    requireNonNull(accountId, "accountId");
    requireNonNull(from, "from");
    requireNonNull(to, "to");
    return jdbc.call(
        connection -> {
          // 'primary' sorts before 'secondary', the windows' declared order; id keeps append order.
          try (PreparedStatement select =
              connection.prepareStatement(
                  "SELECT recorded_at, quota_window, used_percent, resets_at, length_ms"
                      + " FROM usage_history"
                      + " WHERE account_id = ? AND recorded_at >= ? AND recorded_at < ?"
                      + " ORDER BY recorded_at, quota_window, id")) {
            select.setString(1, accountId.value());
            select.setLong(2, from.toEpochMilli());
            select.setLong(3, to.toEpochMilli());
            List<UsageSample> samples = new ArrayList<>();
            try (ResultSet rows = select.executeQuery()) {
              while (rows.next()) {
                samples.add(
                    new UsageSample(
                        accountId,
                        Columns.requiredInstant(rows, "recorded_at"),
                        UsageSample.QuotaWindow.valueOf(
                            rows.getString("quota_window").toUpperCase(Locale.ROOT)),
                        rows.getDouble("used_percent"),
                        Columns.requiredInstant(rows, "resets_at"),
                        Duration.ofMillis(rows.getLong("length_ms"))));
              }
            }
            return samples;
          }
        });
  }

  @Override
  public CompletionStage<Long> deleteOlderThan(Instant cutoff) {
    requireNonNull(cutoff, "cutoff");
    return jdbc.call(
        connection -> {
          try (PreparedStatement delete =
              connection.prepareStatement("DELETE FROM usage_history WHERE recorded_at < ?")) {
            delete.setLong(1, cutoff.toEpochMilli());
            return (long) delete.executeUpdate();
          }
        });
  }
}
