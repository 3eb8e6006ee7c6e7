package io.codexlb.adapter.postgres;

import static io.codexlb.adapter.postgres.StoreFixture.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.codexlb.adapter.postgres.testing.TestPools;
import io.codexlb.port.out.ReversingSecretCipher;
import io.codexlb.port.out.StoredAccount;
import io.codexlb.port.out.TestAccounts;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A store whose database connections are cut recovers by itself, losing nothing it acknowledged.
 */
class PostgresConnectionLossTest {

  @RegisterExtension static final TestPools pools = new TestPools();

  private static final ReversingSecretCipher CIPHER = new ReversingSecretCipher();

  @Test
  void aStoreWorksAgainAfterTheServerDroppedItsConnections() throws Exception {
    StoreFixture fixture = StoreFixture.inNewSchema(pools);
    Pool pool = fixture.pool(2);
    PostgresStore store = await(fixture.open(pool, true));
    StoredAccount before = TestAccounts.active("before", CIPHER);
    await(store.ports().accounts().save(before));
    // Tag the pool's connections: the server shows each backend's last statement.
    String marker = "codex_lb_connection_loss_" + fixture.schema();
    await(pool.query("SELECT 1 AS " + marker).execute().toCompletionStage());

    long terminated =
        await(
                fixture
                    .pool(1)
                    .preparedQuery(
                        "SELECT count(pg_terminate_backend(pid)) AS terminated"
                            + " FROM pg_stat_activity WHERE query LIKE $1")
                    .execute(Tuple.of("%" + marker + "%"))
                    .toCompletionStage())
            .iterator()
            .next()
            .getLong("terminated");
    assertThat(terminated).isPositive();

    StoredAccount after = TestAccounts.active("after", CIPHER);
    saveEventually(store, after);
    assertThat(await(store.ports().accounts().findAll()))
        .extracting(account -> account.id().value())
        .containsExactlyInAnyOrder("before", "after");
  }

  /**
   * A statement already on its way when the connection was cut may fail; the pool then opens a new
   * connection, so a retry succeeds. The bound stops a broken test, it measures nothing.
   */
  private static void saveEventually(PostgresStore store, StoredAccount account) throws Exception {
    ExecutionException last = null;
    for (int attempt = 0; attempt < 5; attempt++) {
      try {
        await(store.ports().accounts().save(account));
        return;
      } catch (ExecutionException e) {
        last = e;
      }
    }
    throw last;
  }
}
