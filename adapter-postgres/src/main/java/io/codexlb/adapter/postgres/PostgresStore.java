package io.codexlb.adapter.postgres;

import static java.util.Objects.requireNonNull;

import io.codexlb.port.out.StoreChangePublisher;
import io.codexlb.port.out.StorePorts;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * The PostgreSQL store, opened: the schema checked or migrated, one repository per driven port over
 * the caller's pool, and the change feed listening. The caller owns the pool and closes it after
 * {@link #close()}.
 *
 * <p>Writes announce themselves: every write to accounts, API keys (but not their usage counters)
 * or settings notifies the schema's change channel in its own transaction, so every instance on the
 * schema hears of it through the ports' {@link StorePorts#changes() changes} once it commits, with
 * no call to {@link StoreChangePublisher#publish}.
 */
public final class PostgresStore {

  private final StorePorts ports;
  private final PostgresStoreChangePublisher changes;
  private final PostgresJobLease jobLease;
  private final PostgresLimitLeaseRepository limitLeases;

  private PostgresStore(
      Pool pool, PostgresStoreChangePublisher changes, PostgresJobLease jobLease) {
    this.limitLeases = new PostgresLimitLeaseRepository(pool);
    this.ports =
        new StorePorts(
            new PostgresAccountRepository(pool, changes.channel()),
            new PostgresApiKeyRepository(pool, changes.channel()),
            new PostgresSettingsRepository(pool, changes.channel()),
            new PostgresRequestLogRepository(pool),
            new PostgresStoreMetadataRepository(pool),
            changes,
            new PostgresStickySessionRepository(pool),
            new PostgresAdminAuthRepository(pool),
            new PostgresAuditLogRepository(pool),
            new PostgresUsageHistoryRepository(pool),
            jobLease,
            Optional.of(limitLeases));
    this.changes = changes;
    this.jobLease = jobLease;
  }

  /**
   * Opens the store in the schema {@code pool}'s connections use (its {@code search_path}).
   *
   * <p>With {@code migrate}, applies the migrations this version has and the schema lacks, each
   * once even when several instances open the store at the same time. Without it ({@code
   * CODEX_LB_DATABASE_MIGRATE_ON_STARTUP=false}), only checks. Either way the stage fails with
   * {@link PostgresSchemaException} when the schema is newer than this code knows, or older than it
   * needs while migrations are off; with any other exception when the database cannot be reached.
   *
   * @param vertx the Vert.x the change feed's listening connection runs on
   * @param pool the pool every repository uses; the caller closes it
   * @param settings where the database is, for the listening connection
   * @param migrate whether to apply missing migrations
   */
  public static CompletionStage<PostgresStore> open(
      Vertx vertx, Pool pool, PostgresSettings settings, boolean migrate) {
    requireNonNull(vertx, "vertx");
    requireNonNull(pool, "pool");
    requireNonNull(settings, "settings");
    return PostgresMigrations.run(pool, migrate)
        .compose(version -> pool.query("SELECT current_schema() AS schema").execute())
        .compose(
            rows -> {
              String schema = rows.iterator().next().getString("schema");
              PostgresStoreChangePublisher changes =
                  new PostgresStoreChangePublisher(vertx, pool, settings, channelFor(schema));
              PostgresJobLease jobLease =
                  new PostgresJobLease(
                      vertx, PostgresPools.connectOptions(settings), schema == null ? "" : schema);
              return changes.start().map(listening -> new PostgresStore(pool, changes, jobLease));
            })
        .toCompletionStage();
  }

  /** The change channel of a schema: stores in different schemas do not hear each other. */
  static String channelFor(String schema) {
    return schema == null || "public".equals(schema)
        ? PostgresStoreChangePublisher.DEFAULT_CHANNEL
        : PostgresStoreChangePublisher.DEFAULT_CHANNEL + "_" + schema;
  }

  /** The schema version this code needs and knows. */
  public static int schemaVersion() {
    return PostgresMigrations.latestVersion();
  }

  /**
   * The store's ports. Its {@link StorePorts#changes() change feed} is shared with every instance
   * on this database and schema.
   */
  public StorePorts ports() {
    return ports;
  }

  /** The leases of key limits' budgets, shared with every instance on the store. */
  public PostgresLimitLeaseRepository limitLeases() {
    return limitLeases;
  }

  /**
   * Stops listening for changes and gives the job lease up (closing its connection); the
   * repositories work as long as the pool is open.
   */
  public CompletionStage<Void> close() {
    return jobLease.release().thenCompose(released -> changes.close().toCompletionStage());
  }
}
