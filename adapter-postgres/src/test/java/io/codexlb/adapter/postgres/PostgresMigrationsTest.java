package io.codexlb.adapter.postgres;

import static io.codexlb.adapter.postgres.StoreFixture.await;
import static io.codexlb.adapter.postgres.StoreFixture.failureOf;
import static org.assertj.core.api.Assertions.assertThat;

import io.codexlb.adapter.postgres.testing.TestPools;
import io.codexlb.domain.account.AccountId;
import io.codexlb.domain.key.ApiKeyId;
import io.codexlb.port.out.HourlyUsage;
import io.codexlb.port.out.RequestLog;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
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
            "account_refresh_claims",
            "accounts",
            "admin_credentials",
            "admin_sessions",
            "api_key_limit_leases",
            "api_key_limits",
            "api_keys",
            "audit_logs",
            "request_logs",
            "request_usage_hourly",
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

  @Test
  void theUsageRollupMigrationAddsUpTheLogsAlreadyKept() throws Exception {
    Pool pool = fixture.pool(1);
    await(fixture.open(pool, true));
    Instant hour = Instant.parse("2026-11-27T10:00:00Z");
    List<RequestLog> logs =
        List.of(
            log("a", hour, "key-1", "acct-1", "gpt-5.4", 200, 100, 7),
            log("b", hour.plusSeconds(1_799), "key-1", null, "gpt-5.4", 502, 50, 3),
            log("c", hour.plusSeconds(3_599).plusMillis(999), null, "acct-1", "gpt-5.5", 200, 9, 1),
            log("d", hour.plusSeconds(3_600), "key-2", "acct-1", "gpt-5.4", 429, 1, 2));
    // Logs kept before the rollups existed: written around the repository, then V006 run again.
    for (RequestLog log : logs) {
      await(
          pool.preparedQuery(
                  "INSERT INTO request_logs (request_id, requested_at, api_key_id, account_id,"
                      + " model, status_code, input_tokens, output_tokens, cached_input_tokens,"
                      + " reasoning_tokens, cost_micros, latency_millis, select_millis)"
                      + " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 0, 0)")
              .execute(
                  Tuple.tuple()
                      .addString(log.requestId())
                      .addOffsetDateTime(PgValues.timestamp(log.requestedAt()))
                      .addString(log.apiKeyId().map(ApiKeyId::value).orElse(null))
                      .addString(log.accountId().map(AccountId::value).orElse(null))
                      .addString(log.model())
                      .addInteger(log.statusCode())
                      .addLong(log.inputTokens())
                      .addLong(log.outputTokens())
                      .addLong(log.cachedInputTokens())
                      .addLong(log.reasoningTokens())
                      .addLong(log.costMicros()))
              .toCompletionStage());
    }
    PostgresMigrations.Migration rollups = PostgresMigrations.ALL.get(5);
    assertThat(rollups.version()).isEqualTo(6);
    await(pool.query("DROP TABLE request_usage_hourly").execute().toCompletionStage());
    await(pool.query(rollups.sql()).execute().toCompletionStage());

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
    List<String> found = new ArrayList<>();
    await(
            pool.query(
                    "SELECT concat_ws('|', dimension, hour_start, grp, requests, errors,"
                        + " input_tokens, output_tokens, cached_input_tokens, reasoning_tokens,"
                        + " cost_micros) AS line FROM request_usage_hourly")
                .execute()
                .toCompletionStage())
        .forEach(row -> found.add(row.getString("line")));
    assertThat(found).containsExactlyInAnyOrderElementsOf(expected).hasSize(9);
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
