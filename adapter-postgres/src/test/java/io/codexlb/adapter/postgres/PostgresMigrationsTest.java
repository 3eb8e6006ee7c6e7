package io.codexlb.adapter.postgres;

import static io.codexlb.adapter.postgres.StoreFixture.await;
import static io.codexlb.adapter.postgres.StoreFixture.failureOf;
import static org.assertj.core.api.Assertions.assertThat;

import io.codexlb.adapter.postgres.testing.TestPools;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The schema migrations: applied once, recorded, and refused when versions do not fit. */
class PostgresMigrationsTest {

  @RegisterExtension static final TestPools pools = new TestPools();

  private StoreFixture fixture;

  @BeforeEach
  void newSchema() throws Exception {
    fixture = StoreFixture.inNewSchema(pools);
  }

  @Test
  void appliesEveryMigrationOnceAndRecordsIt() throws Exception {
    Pool pool = fixture.pool(2);

    await(fixture.open(pool, true));
    await(fixture.open(pool, true));

    assertThat(recorded(pool)).containsExactlyElementsOf(everyMigration());
    assertThat(await(PostgresMigrations.currentVersion(pool).toCompletionStage()))
        .isEqualTo(PostgresStore.schemaVersion());
  }

  @Test
  void createsEveryTableTheStoreUses() throws Exception {
    Pool pool = fixture.pool(1);

    await(fixture.open(pool, true));

    List<String> tables = new ArrayList<>();
    await(
            pool.query(
                    "SELECT table_name FROM information_schema.tables"
                        + " WHERE table_schema = current_schema() ORDER BY table_name")
                .execute()
                .toCompletionStage())
        .forEach(row -> tables.add(row.getString("table_name")));
    assertThat(tables)
        .containsExactly(
            "accounts",
            "admin_credentials",
            "admin_sessions",
            "api_key_limit_leases",
            "api_key_limits",
            "api_keys",
            "audit_logs",
            "request_logs",
            "schema_migrations",
            "settings",
            "sticky_sessions",
            "store_metadata",
            "usage_history");
  }

  @Test
  void instancesStartingTogetherApplyEachMigrationOnce() throws Exception {
    List<Pool> instances = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      instances.add(fixture.pool(2));
    }

    List<CompletionStage<PostgresStore>> opening = new ArrayList<>();
    for (Pool pool : instances) {
      opening.add(fixture.open(pool, true));
    }
    for (CompletionStage<PostgresStore> stage : opening) {
      assertThat(await(stage)).isNotNull();
    }

    assertThat(recorded(instances.get(0))).containsExactlyElementsOf(everyMigration());
  }

  @Test
  void refusesADatabaseNewerThanTheCodeNamingBothVersions() throws Exception {
    Pool pool = fixture.pool(1);
    await(fixture.open(pool, true));
    await(
        pool.query("INSERT INTO schema_migrations (version, description) VALUES (999, 'future')")
            .execute()
            .toCompletionStage());

    for (boolean migrate : new boolean[] {true, false}) {
      Throwable failure = failureOf(fixture.open(pool, migrate));

      assertThat(failure)
          .as("migrate=" + migrate)
          .isInstanceOf(PostgresSchemaException.class)
          .hasMessageContaining("version 999")
          .hasMessageContaining("version " + PostgresStore.schemaVersion())
          .hasMessageContaining("upgrade codex-lb");
    }
  }

  @Test
  void withMigrationsOffRefusesAnEmptySchemaAndCreatesNothing() throws Exception {
    Pool pool = fixture.pool(1);

    Throwable failure = failureOf(fixture.open(pool, false));

    assertThat(failure)
        .isInstanceOf(PostgresSchemaException.class)
        .hasMessageContaining("version 0")
        .hasMessageContaining("needs version " + PostgresStore.schemaVersion())
        .hasMessageContaining("CODEX_LB_DATABASE_MIGRATE_ON_STARTUP=true");
    Row row =
        await(
                pool.query(
                        "SELECT count(*) AS tables FROM information_schema.tables"
                            + " WHERE table_schema = current_schema()")
                    .execute()
                    .toCompletionStage())
            .iterator()
            .next();
    assertThat(row.getLong("tables")).isZero();
  }

  @Test
  void withMigrationsOffOpensASchemaThatIsUpToDate() throws Exception {
    Pool pool = fixture.pool(1);
    await(fixture.open(pool, true));

    PostgresStore store = await(fixture.open(pool, false));

    assertThat(await(store.ports().settings().load()).version()).isZero();
    assertThat(recorded(pool)).containsExactlyElementsOf(everyMigration());
  }

  private static List<String> recorded(Pool pool) throws Exception {
    List<String> versions = new ArrayList<>();
    await(
            pool.query(
                    "SELECT version, description, applied_at FROM schema_migrations"
                        + " ORDER BY version")
                .execute()
                .toCompletionStage())
        .forEach(
            row -> {
              assertThat(row.getOffsetDateTime("applied_at")).isNotNull();
              versions.add(row.getInteger("version") + " " + row.getString("description"));
            });
    return versions;
  }

  /** Every migration as {@code schema_migrations} records it: version and description. */
  private static List<String> everyMigration() {
    return PostgresMigrations.ALL.stream()
        .map(migration -> migration.version() + " " + migration.description())
        .toList();
  }
}
