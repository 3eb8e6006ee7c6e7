package io.codexlb.adapter.sqlite;

import io.codexlb.adapter.sqlite.SqliteStoreException.Problem;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.List;

/**
 * Brings the schema to {@link Migration#latestVersion()} at start, or refuses to start: each
 * migration runs in its own transaction together with its row in {@code schema_migrations}, so a
 * crash leaves the schema at a recorded version, never half-way.
 */
final class SqliteMigrator {

  private final Path file;
  private final List<Migration> migrations;
  private final Clock clock;

  SqliteMigrator(Path file, List<Migration> migrations, Clock clock) {
    this.file = file;
    this.migrations = migrations;
    this.clock = clock;
  }

  /**
   * Checks the recorded version and, when {@code migrate}, applies what is missing.
   *
   * @return the schema version now in place
   * @throws SqliteStoreException when the schema is newer than the code, or older with {@code
   *     migrate} off
   */
  int migrate(Connection connection, boolean migrate) throws SQLException {
    int latest = migrations.get(migrations.size() - 1).version();
    int current = recordedVersion(connection);
    if (current > latest) {
      throw new SqliteStoreException(
          Problem.SCHEMA_TOO_NEW,
          "sqlite store "
              + file
              + " has schema version "
              + current
              + ", newer than version "
              + latest
              + " this codex-lb knows: upgrade codex-lb (a store is never migrated down)");
    }
    if (current == latest) {
      return current;
    }
    if (!migrate) {
      throw new SqliteStoreException(
          Problem.SCHEMA_TOO_OLD,
          "sqlite store "
              + file
              + " has schema version "
              + current
              + " but this codex-lb needs version "
              + latest
              + ": start it once with CODEX_LB_DATABASE_MIGRATE_ON_STARTUP=true to migrate");
    }
    SqliteJdbc.execute(
        connection,
        "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY,"
            + " description TEXT NOT NULL, applied_at INTEGER NOT NULL)");
    for (Migration migration : migrations) {
      if (migration.version() > current) {
        apply(connection, migration);
      }
    }
    return latest;
  }

  /** The highest version recorded, 0 when there is no {@code schema_migrations} table. */
  static int recordedVersion(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet table =
            statement.executeQuery(
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'")) {
      if (!table.next()) {
        return 0;
      }
    }
    try (Statement statement = connection.createStatement();
        ResultSet rows =
            statement.executeQuery("SELECT COALESCE(MAX(version), 0) FROM schema_migrations")) {
      rows.next();
      return rows.getInt(1);
    }
  }

  private void apply(Connection connection, Migration migration) throws SQLException {
    // IMMEDIATE takes the write lock first, so a second process starting at the same moment waits
    // and then sees the migration recorded instead of applying it twice. The work answers whether
    // it applied the migration; either way it is in place afterwards.
    SqliteJdbc.inTransaction(
        connection,
        "BEGIN IMMEDIATE",
        tx -> {
          if (recordedVersion(tx) >= migration.version()) {
            return false; // another process applied it meanwhile
          }
          for (String sql : migration.statements()) {
            SqliteJdbc.execute(tx, sql);
          }
          try (PreparedStatement insert =
              tx.prepareStatement(
                  "INSERT INTO schema_migrations (version, description, applied_at)"
                      + " VALUES (?, ?, ?)")) {
            insert.setInt(1, migration.version());
            insert.setString(2, migration.description());
            insert.setLong(3, clock.millis());
            insert.executeUpdate();
          }
          return true;
        });
  }
}
