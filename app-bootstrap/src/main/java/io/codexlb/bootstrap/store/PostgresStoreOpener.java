package io.codexlb.bootstrap.store;

import static java.util.Objects.requireNonNull;

import io.codexlb.adapter.postgres.PostgresReadinessProbe;
import io.codexlb.adapter.postgres.PostgresSchemaException;
import io.codexlb.adapter.postgres.PostgresSettings;
import io.codexlb.adapter.postgres.PostgresStore;
import io.codexlb.domain.health.Failures;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/**
 * Opens the PostgreSQL store over the instance's pool. A schema newer than this code, or one that
 * needs migrations while they are off, is refused for good; a database that cannot be reached is
 * retried. The pool outlives failed attempts and reconnects by itself.
 */
public final class PostgresStoreOpener implements StoreOpener {

  private final Vertx vertx;
  private final Pool pool;
  private final PostgresSettings settings;
  private final boolean migrate;

  /**
   * @param vertx the instance's Vert.x
   * @param pool the instance's pool; closed with the store
   * @param settings where the database is
   * @param migrate whether to apply pending migrations
   */
  public PostgresStoreOpener(Vertx vertx, Pool pool, PostgresSettings settings, boolean migrate) {
    this.vertx = requireNonNull(vertx, "vertx");
    this.pool = requireNonNull(pool, "pool");
    this.settings = requireNonNull(settings, "settings");
    this.migrate = migrate;
  }

  @Override
  public CompletionStage<Store> open() {
    return PostgresStore.open(vertx, pool, settings, migrate)
        .handle(
            (store, error) -> {
              if (error != null) {
                throw new CompletionException(refusalOrSame(error));
              }
              return new Store(
                  store.ports(),
                  new PostgresReadinessProbe(pool, settings),
                  () -> store.close().thenCompose(closed -> pool.close().toCompletionStage()));
            });
  }

  private static Throwable refusalOrSame(Throwable error) {
    Throwable cause = Failures.unwrap(error);
    return cause instanceof PostgresSchemaException schema
        ? new StoreRefusedException(schema.getMessage())
        : cause;
  }

  @Override
  public String toString() {
    return "PostgresStoreOpener[" + settings.redactedUrl() + "]";
  }
}
