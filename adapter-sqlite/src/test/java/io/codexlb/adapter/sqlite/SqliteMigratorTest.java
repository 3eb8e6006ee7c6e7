package io.codexlb.adapter.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Migrations: forward-only, numbered, each in its own transaction with its record. */
class SqliteMigratorTest {

  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-11-27T12:00:00.123Z"), ZoneOffset.UTC);

  @TempDir Path dir;

  @Test
  void theShippedMigrationsAreNumberedFromOneInIncreasingOrder() {
    // Numbers are handed out to work in progress (V008 before V005..V007 are merged): a gap is
    // allowed, a repeat or a step back is not.
    List<Migration> all = Migration.all();

    assertThat(all.get(0).version()).isEqualTo(1);
    for (int i = 0; i < all.size(); i++) {
      if (i > 0) {
        assertThat(all.get(i).version()).isGreaterThan(all.get(i - 1).version());
      }
      assertThat(all.get(i).statements()).isNotEmpty();
    }
    assertThat(Migration.latestVersion()).isEqualTo(all.get(all.size() - 1).version());
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
