package io.codexlb.adapter.postgres;

import io.codexlb.adapter.postgres.testing.PostgresTestDatabase;
import io.codexlb.adapter.postgres.testing.TestPools;
import io.vertx.sqlclient.Pool;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Opens stores for a test: each test gets its own schema, and every pool and store it opens there
 * is an "instance" of codex-lb sharing that schema.
 */
final class StoreFixture {

  static final long LIMIT_SECONDS = 30;

  private final TestPools pools;
  private final PostgresSettings settings;
  private final String schema;

  private StoreFixture(TestPools pools, PostgresSettings settings, String schema) {
    this.pools = pools;
    this.settings = settings;
    this.schema = schema;
  }

  /** A fixture over a new, empty schema; skips or fails the test when there is no database. */
  static StoreFixture inNewSchema(TestPools pools) throws Exception {
    PostgresSettings settings = PostgresTestDatabase.get().settings();
    return new StoreFixture(pools, settings, pools.newSchema(settings));
  }

  String schema() {
    return schema;
  }

  PostgresSettings settings() {
    return settings;
  }

  /** A new pool on the schema, as another instance would have. */
  Pool pool(int maxSize) {
    return pools.create(settings, maxSize, schema);
  }

  /** Opens a store, closed after the test. */
  CompletionStage<PostgresStore> open(Pool pool, boolean migrate) {
    return PostgresStore.open(pools.vertx(), pool, settings, migrate)
        .thenApply(
            store -> {
              pools.closeAfterTest(store::close);
              return store;
            });
  }

  /** A new instance: its own pool, and a store opened on it with migrations on. */
  PostgresStore openInstance() throws Exception {
    return await(open(pool(4), true));
  }

  static <T> T await(CompletionStage<T> stage) throws Exception {
    return stage.toCompletableFuture().get(LIMIT_SECONDS, TimeUnit.SECONDS);
  }

  /** The cause a failed stage failed with. */
  static Throwable failureOf(CompletionStage<?> stage) throws Exception {
    try {
      await(stage);
    } catch (ExecutionException e) {
      return e.getCause();
    }
    throw new AssertionError("expected the stage to fail, but it succeeded");
  }
}
