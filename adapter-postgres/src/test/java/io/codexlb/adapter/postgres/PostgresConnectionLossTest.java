package io.codexlb.adapter.postgres;

import static io.codexlb.adapter.postgres.StoreFixture.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.codexlb.adapter.postgres.testing.TestPools;
import io.codexlb.domain.account.AccountId;
import io.codexlb.domain.sticky.StickyKey;
import io.codexlb.domain.sticky.StickyPin;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A store whose database connections are cut recovers by itself, losing nothing it acknowledged.
 */
class PostgresConnectionLossTest {

  @RegisterExtension static final TestPools pools = new TestPools();

  private static final Instant NOW = Instant.parse("2026-11-27T12:00:00Z");

  @Test
  void aStoreWorksAgainAfterTheServerDroppedItsConnections() throws Exception {
    StoreFixture fixture = StoreFixture.inNewSchema(pools);
    Pool pool = fixture.pool(2);
    PostgresStore store = await(fixture.open(pool, true));
    StickyPin before = pin("before");
    await(store.stickySessions().put(before));
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

    StickyPin after = pin("after");
    putEventually(store, after);
    assertThat(await(store.stickySessions().findLive(NOW))).containsExactly(after, before);
  }

  /**
   * A statement already on its way when the connection was cut may fail; the pool then opens a new
   * connection, so a retry succeeds. The bound stops a broken test, it measures nothing.
   */
  private static void putEventually(PostgresStore store, StickyPin pin) throws Exception {
    ExecutionException last = null;
    for (int attempt = 0; attempt < 5; attempt++) {
      try {
        await(store.stickySessions().put(pin));
        return;
      } catch (ExecutionException e) {
        last = e;
      }
    }
    throw last;
  }

  private static StickyPin pin(String key) {
    return new StickyPin(new StickyKey(key), new AccountId("acc-1"), NOW.plusSeconds(60));
  }
}
