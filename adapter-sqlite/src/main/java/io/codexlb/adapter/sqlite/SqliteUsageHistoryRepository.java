package io.codexlb.adapter.sqlite;

import static java.util.Objects.requireNonNull;

import io.codexlb.domain.account.AccountId;
import io.codexlb.domain.account.Credits;
import io.codexlb.domain.account.UsageWindow;
import io.codexlb.port.out.UsageHistoryRepository;
import io.codexlb.port.out.UsageSample;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.jspecify.annotations.Nullable;

/** The usage history in {@code usage_history}: one row per poll of an account. */
final class SqliteUsageHistoryRepository implements UsageHistoryRepository {

  private static final String COLUMNS =
      "account_id, recorded_at, plan_type, primary_used_percent, primary_resets_at,"
          + " primary_length_seconds, secondary_used_percent, secondary_resets_at,"
          + " secondary_length_seconds, credits_has, credits_unlimited, credits_balance";

  private static final String INSERT =
      "INSERT INTO usage_history (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

  private final SqliteJdbc jdbc;

  SqliteUsageHistoryRepository(SqliteJdbc jdbc) {
    this.jdbc = jdbc;
  }

  @Override
  public CompletionStage<Void> append(List<UsageSample> samples) {
    requireNonNull(samples, "samples");
    if (samples.isEmpty()) {
      return CompletableFuture.completedFuture(null);
    }
    List<@Nullable Object[]> rows = new ArrayList<>(samples.size());
    for (UsageSample sample : samples) {
      rows.add(row(sample));
    }
    return jdbc.writeVoid(connection -> Sql.batch(connection, INSERT, rows));
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
    String sql =
        "SELECT "
            + COLUMNS
            + " FROM usage_history WHERE account_id = ? AND recorded_at >= ? AND recorded_at < ?"
            + " ORDER BY recorded_at, id LIMIT "
            + limit;
    return jdbc.read(
        connection ->
            Sql.list(
                connection, sql, SqliteUsageHistoryRepository::sample, account.value(), from, to));
  }

  private static @Nullable Object[] row(UsageSample sample) {
    Optional<UsageWindow> primary = sample.primary();
    Optional<UsageWindow> secondary = sample.secondary();
    return new @Nullable Object[] {
      sample.accountId().value(),
      sample.recordedAt(),
      sample.planType().orElse(null),
      primary.map(UsageWindow::usedPercent).orElse(null),
      primary.map(UsageWindow::resetsAt).orElse(null),
      primary.map(w -> w.length().toSeconds()).orElse(null),
      secondary.map(UsageWindow::usedPercent).orElse(null),
      secondary.map(UsageWindow::resetsAt).orElse(null),
      secondary.map(w -> w.length().toSeconds()).orElse(null),
      sample.credits().hasCredits(),
      sample.credits().unlimited(),
      sample.credits().balance()
    };
  }

  private static UsageSample sample(ResultSet rows) throws SQLException {
    return new UsageSample(
        new AccountId(rows.getString("account_id")),
        Columns.requiredInstant(rows, "recorded_at"),
        Optional.ofNullable(rows.getString("plan_type")),
        window(rows, "primary"),
        window(rows, "secondary"),
        new Credits(
            Columns.bool(rows, "credits_has"),
            Columns.bool(rows, "credits_unlimited"),
            rows.getDouble("credits_balance")));
  }

  private static Optional<UsageWindow> window(ResultSet rows, String prefix) throws SQLException {
    Instant resetsAt = Columns.instant(rows, prefix + "_resets_at");
    if (resetsAt == null) {
      return Optional.empty();
    }
    return Optional.of(
        new UsageWindow(
            rows.getDouble(prefix + "_used_percent"),
            resetsAt,
            Duration.ofSeconds(rows.getLong(prefix + "_length_seconds"))));
  }
}
