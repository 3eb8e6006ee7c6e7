package io.codexlb.adapter.postgres;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * Brings the schema to the version this code needs: versioned, forward-only SQL scripts in {@code
 * migrations/}, each applied in its own transaction and recorded in {@code schema_migrations}.
 *
 * <p>Every transaction first takes a transaction-scoped advisory lock named after the schema, so
 * instances starting together queue up and each version is applied exactly once; the later ones
 * find it recorded and skip it.
 */
final class PostgresMigrations {

  /** The variable that turns migrations off, named in messages telling how to turn them on. */
  static final String MIGRATE_VARIABLE = "CODEX_LB_DATABASE_MIGRATE_ON_STARTUP";

  /**
   * One script.
   *
   * @param version its version, 1, 2, ...
   * @param description what it does, recorded with it
   * @param sql its statements
   */
  record Migration(int version, String description, String sql) {}

  /** Every migration, oldest first; a new one is added at the end and never edited afterwards. */
  static final List<Migration> ALL =
      List.of(
          load(1, "initial", "V001__initial.sql"),
          load(2, "request ids and sticky order", "V002__request_ids_and_sticky_order.sql"),
          load(3, "admin auth", "V003__admin_auth.sql"),
          load(4, "audit logs", "V004__audit_logs.sql"),
          load(5, "request log retention setting", "V005__request_log_retention_setting.sql"),
          load(6, "usage rollups", "V006__usage_rollups.sql"),
          load(7, "token refresh", "V007__token_refresh.sql"),
          load(8, "usage history", "V008__usage_history.sql"),
          load(9, "limit leases", "V009__limit_leases.sql"));

  private static final String LOCK =
      "SELECT pg_advisory_xact_lock(hashtext('codex_lb_migrations:' || current_schema()))";

  private static final String CREATE_TABLE =
      "CREATE TABLE IF NOT EXISTS schema_migrations ("
          + "version INTEGER PRIMARY KEY, "
          + "description TEXT NOT NULL, "
          + "applied_at TIMESTAMPTZ NOT NULL DEFAULT now())";

  private PostgresMigrations() {}

  /** The version this code needs and knows. */
  static int latestVersion() {
    return ALL.get(ALL.size() - 1).version();
  }

  /**
   * Applies the missing migrations ({@code migrate}) or only checks that none is missing. Fails
   * with {@link PostgresSchemaException} when the schema is newer than this code knows, or older
   * than it needs while {@code migrate} is false.
   *
   * @return the schema's version afterwards
   */
  static Future<Integer> run(Pool pool, boolean migrate) {
    return currentVersion(pool)
        .compose(
            version -> {
              if (version > latestVersion()) {
                return Future.failedFuture(newerThanKnown(version));
              }
              if (version < latestVersion() && !migrate) {
                return Future.failedFuture(
                    new PostgresSchemaException(
                        "database schema is at version "
                            + version
                            + " but this codex-lb needs version "
                            + latestVersion()
                            + " and migrations are off ("
                            + MIGRATE_VARIABLE
                            + "=false); start once with "
                            + MIGRATE_VARIABLE
                            + "=true (the default) to apply them"));
              }
              return applyFrom(pool, 0).map(ignored -> latestVersion());
            });
  }

  /** The highest recorded version; 0 when nothing was ever applied. */
  static Future<Integer> currentVersion(Pool pool) {
    // Two statements: a query naming a table that does not exist fails even in an unused branch.
    return pool.query("SELECT to_regclass('schema_migrations') IS NOT NULL AS present")
        .execute()
        .compose(
            rows -> {
              if (!rows.iterator().next().getBoolean("present")) {
                return Future.succeededFuture(0);
              }
              return pool.query(
                      "SELECT COALESCE(max(version), 0) AS version FROM schema_migrations")
                  .execute()
                  .map(versions -> versions.iterator().next().getInteger("version"));
            });
  }

  private static Future<Void> applyFrom(Pool pool, int index) {
    if (index >= ALL.size()) {
      return Future.succeededFuture();
    }
    Migration migration = ALL.get(index);
    return pool.withTransaction(connection -> applyOnce(connection, migration))
        .compose(ignored -> applyFrom(pool, index + 1));
  }

  private static Future<Void> applyOnce(SqlConnection connection, Migration migration) {
    return connection
        .query(LOCK)
        .execute()
        // Without this, every start after the first logs the server's "already exists" notice.
        .compose(locked -> connection.query("SET LOCAL client_min_messages = warning").execute())
        .compose(quiet -> connection.query(CREATE_TABLE).execute())
        .compose(
            created ->
                connection
                    .preparedQuery("SELECT max(version) AS newest FROM schema_migrations")
                    .execute())
        .compose(
            rows -> {
              Row row = rows.iterator().next();
              Integer newest = row.getInteger("newest");
              if (newest != null && newest > latestVersion()) {
                // Another instance, of a newer codex-lb, migrated while this one was starting.
                return Future.failedFuture(newerThanKnown(newest));
              }
              if (newest != null && newest >= migration.version()) {
                return Future.succeededFuture();
              }
              return connection
                  .query(migration.sql())
                  .execute()
                  .compose(
                      applied ->
                          connection
                              .preparedQuery(
                                  "INSERT INTO schema_migrations (version, description)"
                                      + " VALUES ($1, $2)")
                              .execute(Tuple.of(migration.version(), migration.description())))
                  .mapEmpty();
            });
  }

  private static PostgresSchemaException newerThanKnown(int version) {
    return new PostgresSchemaException(
        "database schema is at version "
            + version
            + ", newer than version "
            + latestVersion()
            + " that this codex-lb knows; upgrade codex-lb to the version that migrated this"
            + " database (forward-only migrations cannot be undone)");
  }

  private static Migration load(int version, String description, String resource) {
    try (InputStream in = PostgresMigrations.class.getResourceAsStream("migrations/" + resource)) {
      if (in == null) {
        throw new IllegalStateException(
            "migration " + resource + " is missing from the classpath (a packaging bug)");
      }
      return new Migration(version, description, new String(in.readAllBytes(), UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("migration " + resource + " could not be read", e);
    }
  }
}
