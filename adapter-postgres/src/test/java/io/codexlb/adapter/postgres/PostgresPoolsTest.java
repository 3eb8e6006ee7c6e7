package io.codexlb.adapter.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.codexlb.adapter.postgres.testing.PostgresTestDatabase;
import io.codexlb.adapter.postgres.testing.TestPools;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.net.ConnectException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Pools reach a real PostgreSQL server and run queries on it. */
class PostgresPoolsTest {

  @RegisterExtension static final TestPools pools = new TestPools();

  @Test
  void runsAQueryOnTheServer() throws Exception {
    Pool pool = poolFor(PostgresTestDatabase.get().settings());

    RowSet<Row> rows = pool.query("SELECT version()").execute().await(30, TimeUnit.SECONDS);

    assertThat(rows.size()).isEqualTo(1);
    assertThat(rows.iterator().next().getString(0)).startsWith("PostgreSQL ");
  }

  @Test
  void sendsParametersAndReadsTypedColumns() throws Exception {
    Pool pool = poolFor(PostgresTestDatabase.get().settings());

    Row row =
        pool.preparedQuery("SELECT $1::text || '@' || $2::int AS label, $2::int + 1 AS next")
            .execute(Tuple.of("codex-lb", 2455))
            .await(30, TimeUnit.SECONDS)
            .iterator()
            .next();

    assertThat(row.getString("label")).isEqualTo("codex-lb@2455");
    assertThat(row.getInteger("next")).isEqualTo(2456);
  }

  @Test
  void keepsRowsWrittenInATransaction() throws Exception {
    Pool pool = poolFor(PostgresTestDatabase.get().settings());

    List<String> names =
        pool.withTransaction(
                connection ->
                    connection
                        .query("CREATE TEMPORARY TABLE probe_accounts (name text) ON COMMIT DROP")
                        .execute()
                        .compose(
                            created ->
                                connection
                                    .preparedQuery("INSERT INTO probe_accounts (name) VALUES ($1)")
                                    .executeBatch(List.of(Tuple.of("alpha"), Tuple.of("beta"))))
                        .compose(
                            inserted ->
                                connection
                                    .query("SELECT name FROM probe_accounts ORDER BY name")
                                    .execute())
                        .map(
                            rows -> {
                              List<String> read = new ArrayList<>();
                              rows.forEach(row -> read.add(row.getString("name")));
                              return read;
                            }))
            .await(30, TimeUnit.SECONDS);

    assertThat(names).containsExactly("alpha", "beta");
  }

  @Test
  void failsTheQueryWhenNothingListens() throws Exception {
    int port = PostgresReadinessProbeTest.portWhereNothingListens();
    Pool pool = poolFor(new PostgresSettings("127.0.0.1", port, "codexlb", "codexlb", "pw"));

    assertThatThrownBy(
            () ->
                pool.query("SELECT 1")
                    .execute()
                    .toCompletionStage()
                    .toCompletableFuture()
                    .get(60, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .hasCauseInstanceOf(ConnectException.class);
  }

  @Test
  void rejectsAPoolWithoutConnections() {
    PostgresSettings settings = new PostgresSettings("127.0.0.1", 5432, "db", "user", "pw");

    assertThatThrownBy(() -> PostgresPools.create(pools.vertx(), settings, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxSize: 0 (expected: 1 or more)");
  }

  @Test
  void connectionsOfAPoolWithASchemaUseIt() throws Exception {
    PostgresSettings settings = PostgresTestDatabase.get().settings();
    String schema = pools.newSchema(settings);

    Row row =
        pools
            .create(settings, 1, schema)
            .query("SELECT current_schema() AS schema")
            .execute()
            .await(10, TimeUnit.SECONDS)
            .iterator()
            .next();

    assertThat(row.getString("schema")).isEqualTo(schema);
  }

  @Test
  void rejectsASchemaThatIsNotALowerCaseIdentifier() {
    PostgresSettings settings = new PostgresSettings("127.0.0.1", 5432, "db", "user", "pw");

    for (String schema : new String[] {"Public", "a-b", "1abc", "", "x; DROP TABLE y"}) {
      assertThatThrownBy(() -> PostgresPools.create(pools.vertx(), settings, 1, schema))
          .as(schema)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("schema: '" + schema + "' (expected: ");
    }
  }

  private Pool poolFor(PostgresSettings settings) {
    Pool pool = pools.create(settings, 2);
    return pool;
  }
}
