package io.codexlb.adapter.sqlite;

import static java.util.Objects.requireNonNull;

import io.codexlb.domain.settings.RoutingSettings;
import io.codexlb.domain.settings.RoutingStrategy;
import io.codexlb.port.out.SettingsRepository;
import io.codexlb.port.out.SettingsSave;
import io.codexlb.port.out.StoreChange;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import org.jspecify.annotations.Nullable;

/**
 * The routing settings in the one row of {@code settings} (id 1); no row means the defaults at
 * version 0. A save compares and writes in one {@code BEGIN IMMEDIATE} transaction.
 */
final class SqliteSettingsRepository implements SettingsRepository {

  private static final String COLUMNS =
      "routing_strategy, prefer_earlier_reset, sticky_threads_enabled, sticky_ttl_seconds,"
          + " account_stream_limit, account_inflight_penalty_pct, request_log_retention_days, version";

  private final SqliteJdbc jdbc;
  private final Announcer announcer;

  SqliteSettingsRepository(SqliteJdbc jdbc, Announcer announcer) {
    this.jdbc = jdbc;
    this.announcer = announcer;
  }

  @Override
  public CompletionStage<RoutingSettings> load() {
    return jdbc.call(SqliteSettingsRepository::stored);
  }

  @Override
  public CompletionStage<SettingsSave> save(RoutingSettings proposed) {
    requireNonNull(proposed, "proposed");
    return announcer.after(
        jdbc.write(
            connection -> {
              RoutingSettings current = stored(connection);
              if (current.version() != proposed.version()) {
                return new SettingsSave.Conflict(current);
              }
              RoutingSettings next = proposed.nextVersion();
              Sql.update(
                  connection,
                  "INSERT OR REPLACE INTO settings (id, "
                      + COLUMNS
                      + ") VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?)",
                  next.routingStrategy().wireName(),
                  next.preferEarlierReset(),
                  next.stickyThreadsEnabled(),
                  next.stickyTtl().toSeconds(),
                  next.accountStreamLimit(),
                  next.accountInflightPenaltyPct(),
                  next.requestLogRetentionDays(),
                  next.version());
              return new SettingsSave.Saved(next);
            }),
        StoreChange.SETTINGS,
        save -> save instanceof SettingsSave.Saved);
  }

  private static RoutingSettings stored(Connection connection) throws SQLException {
    return Sql.first(
            connection,
            "SELECT " + COLUMNS + " FROM settings WHERE id = 1",
            SqliteSettingsRepository::read)
        .orElseGet(RoutingSettings::defaults);
  }

  private static RoutingSettings read(ResultSet rows) throws SQLException {
    String strategy = rows.getString("routing_strategy");
    return new RoutingSettings(
        RoutingStrategy.fromWireName(strategy)
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "settings.routing_strategy is " + strategy + " (expected: a strategy)")),
        Columns.bool(rows, "prefer_earlier_reset"),
        Columns.bool(rows, "sticky_threads_enabled"),
        Duration.ofSeconds(rows.getLong("sticky_ttl_seconds")),
        rows.getInt("account_stream_limit"),
        rows.getDouble("account_inflight_penalty_pct"),
        retentionDays(rows),
        rows.getLong("version"));
  }

  private static @Nullable Integer retentionDays(ResultSet rows) throws SQLException {
    int days = rows.getInt("request_log_retention_days");
    return rows.wasNull() ? null : days;
  }
}
