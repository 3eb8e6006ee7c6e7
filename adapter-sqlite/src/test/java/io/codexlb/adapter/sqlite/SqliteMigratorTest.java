package io.codexlb.adapter.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.codexlb.domain.account.AccountId;
import io.codexlb.domain.key.ApiKeyId;
import io.codexlb.port.out.HourlyUsage;
import io.codexlb.port.out.RequestLog;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Migrations: forward-only, numbered, each in its own transaction with its record. */
class SqliteMigratorTest {

  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-11-27T12:00:00.123Z"), ZoneOffset.UTC);

  @TempDir Path dir;

  @Test
  void theShippedMigrationsAreNumberedFromOneWithoutGaps() {
    // A gap would be dangerous: the migrator skips any version below the highest one recorded, so
    // a database that ran V008 before V007 was shipped would never run V007.
    List<Migration> all = Migration.all();

    for (int i = 0; i < all.size(); i++) {
      assertThat(all.get(i).version()).isEqualTo(i + 1);
      assertThat(all.get(i).statements()).isNotEmpty();
    }
    assertThat(Migration.latestVersion()).isEqualTo(all.size());
  }

  @Test
  void theInitialMigrationIsReadWithItsDescription() {
    Migration initial = Migration.load("V001__initial.sql");

    assertThat(initial.version()).isEqualTo(1);
    assertThat(initial.description()).isEqualTo("initial");
    assertThat(initial.statements())
        .allSatisfy(sql -> assertThat(sql).endsWith(";").doesNotStartWith("--"));
  }

  @Test
  void aMigrationIsRecordedWithItsDescriptionAndTime() throws Exception {
    try (Connection connection = connect()) {
      int version =
          migrator(List.of(Migration.load("V001__initial.sql"))).migrate(connection, true);

      assertThat(version).isEqualTo(1);
      assertThat(
              query(connection, "SELECT version, description, applied_at FROM schema_migrations"))
          .isEqualTo("1|initial|" + CLOCK.millis());
    }
  }

  @Test
  void aFailingMigrationLeavesNothingOfItselfAndTheEarlierOnesInPlace() throws Exception {
    Migration broken =
        new Migration(2, "broken", List.of("CREATE TABLE half_done (x INTEGER);", "NOT SQL;"));
    try (Connection connection = connect()) {
      SqliteMigrator migrator = migrator(List.of(Migration.load("V001__initial.sql"), broken));

      assertThatThrownBy(() -> migrator.migrate(connection, true)).isInstanceOf(SQLException.class);

      assertThat(SqliteMigrator.recordedVersion(connection)).isEqualTo(1);
      assertThat(query(connection, "SELECT COUNT(*) FROM sqlite_master WHERE name = 'half_done'"))
          .isEqualTo("0");
      assertThat(query(connection, "SELECT COUNT(*) FROM sqlite_master WHERE name = 'accounts'"))
          .isEqualTo("1");
    }
  }

  @Test
  void onlyTheMissingMigrationsAreApplied() throws Exception {
    Migration second =
        new Migration(2, "add notes", List.of("CREATE TABLE notes (text TEXT NOT NULL);"));
    try (Connection connection = connect()) {
      migrator(List.of(Migration.load("V001__initial.sql"))).migrate(connection, true);

      int version =
          migrator(List.of(Migration.load("V001__initial.sql"), second)).migrate(connection, true);

      assertThat(version).isEqualTo(2);
      assertThat(query(connection, "SELECT group_concat(version) FROM schema_migrations"))
          .isEqualTo("1,2");
      assertThat(query(connection, "SELECT COUNT(*) FROM notes")).isEqualTo("0");
    }
  }

  @Test
  void theUsageRollupMigrationAddsUpTheLogsAlreadyKept() throws Exception {
    List<Migration> all = Migration.all();
    Instant hour = Instant.parse("2026-11-27T10:00:00Z");
    List<RequestLog> logs =
        List.of(
            log("a", hour, "key-1", "acct-1", "gpt-5.4", 200, 100, 7),
            log("b", hour.plusSeconds(1_799), "key-1", null, "gpt-5.4", 502, 50, 3),
            log("c", hour.plusSeconds(3_599).plusMillis(999), null, "acct-1", "gpt-5.5", 200, 9, 1),
            log("d", hour.plusSeconds(3_600), "key-2", "acct-1", "gpt-5.4", 429, 1, 2));
    try (Connection connection = connect()) {
      // Up to the one before the rollups (V006), so the logs exist before the back-fill runs.
      migrator(all.stream().filter(m -> m.version() < 6).toList()).migrate(connection, true);
      try (PreparedStatement insert =
          connection.prepareStatement(
              "INSERT INTO request_logs (request_id, requested_at, api_key_id, account_id, model,"
                  + " status_code, input_tokens, output_tokens, cached_input_tokens,"
                  + " reasoning_tokens, cost_micros, latency_ms, select_ms)"
                  + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, 0)")) {
        for (RequestLog log : logs) {
          insert.setString(1, log.requestId());
          insert.setLong(2, log.requestedAt().toEpochMilli());
          insert.setString(3, log.apiKeyId().map(ApiKeyId::value).orElse(null));
          insert.setString(4, log.accountId().map(AccountId::value).orElse(null));
          insert.setString(5, log.model());
          insert.setInt(6, log.statusCode());
          insert.setLong(7, log.inputTokens());
          insert.setLong(8, log.outputTokens());
          insert.setLong(9, log.cachedInputTokens());
          insert.setLong(10, log.reasoningTokens());
          insert.setLong(11, log.costMicros());
          insert.executeUpdate();
        }
      }

      migrator(all).migrate(connection, true);

      List<String> expected = new ArrayList<>();
      for (HourlyUsage row : HourlyUsage.of(logs)) {
        expected.add(
            String.join(
                "|",
                HourlyUsage.dimensionName(row.dimension()),
                Long.toString(row.hourStart()),
                row.group(),
                Long.toString(row.requests()),
                Long.toString(row.errors()),
                Long.toString(row.inputTokens()),
                Long.toString(row.outputTokens()),
                Long.toString(row.cachedInputTokens()),
                Long.toString(row.reasoningTokens()),
                Long.toString(row.costMicros())));
      }
      List<String> rollups = new ArrayList<>();
      try (Statement statement = connection.createStatement();
          ResultSet rows =
              statement.executeQuery(
                  "SELECT dimension, hour_start, grp, requests, errors, input_tokens,"
                      + " output_tokens, cached_input_tokens, reasoning_tokens, cost_micros"
                      + " FROM request_usage_hourly")) {
        while (rows.next()) {
          StringBuilder line = new StringBuilder();
          for (int i = 1; i <= 10; i++) {
            line.append(i > 1 ? "|" : "").append(rows.getString(i));
          }
          rollups.add(line.toString());
        }
      }
      assertThat(rollups).containsExactlyInAnyOrderElementsOf(expected).hasSize(9);
    }
  }

  private static RequestLog log(
      String id,
      Instant at,
      String key,
      String account,
      String model,
      int status,
      long input,
      long cost) {
    return new RequestLog(
        id,
        at,
        Optional.ofNullable(key).map(ApiKeyId::new),
        Optional.ofNullable(account).map(AccountId::new),
        model,
        status,
        Optional.empty(),
        input,
        input / 2,
        input / 3,
        input / 4,
        cost,
        0,
        OptionalLong.empty(),
        0);
  }

  @Test
  void aFileNameWithoutAVersionIsRejected() {
    assertThatThrownBy(() -> Migration.load("initial.sql"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("fileName: initial.sql (expected: V<version>__<description>.sql)");
  }

  private SqliteMigrator migrator(List<Migration> migrations) {
    return new SqliteMigrator(dir.resolve("store.db"), migrations, CLOCK);
  }

  private Connection connect() throws SQLException {
    return DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("store.db"));
  }

  private static String query(Connection connection, String sql) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(sql)) {
      rows.next();
      StringBuilder line = new StringBuilder();
      for (int i = 1; i <= rows.getMetaData().getColumnCount(); i++) {
        line.append(i > 1 ? "|" : "").append(rows.getString(i));
      }
      return line.toString();
    }
  }
}
