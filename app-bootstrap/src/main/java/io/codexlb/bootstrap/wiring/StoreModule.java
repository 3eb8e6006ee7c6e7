package io.codexlb.bootstrap.wiring;

import dagger.Module;
import dagger.Provides;
import dagger.multibindings.IntoSet;
import io.codexlb.adapter.postgres.PostgresPools;
import io.codexlb.adapter.postgres.PostgresReadinessProbe;
import io.codexlb.adapter.postgres.PostgresSettings;
import io.codexlb.adapter.sqlite.SqliteReadinessProbe;
import io.codexlb.bootstrap.config.DatabaseUrl;
import io.codexlb.bootstrap.config.ServerConfig;
import io.codexlb.port.out.ReadinessProbe;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.util.concurrent.Executor;

/**
 * The store chosen by {@code CODEX_LB_DATABASE_URL}: the embedded SQLite file by default,
 * PostgreSQL when a {@code postgresql://} URL is given.
 */
@Module
public interface StoreModule {

  /** Connections kept open to PostgreSQL by one instance. */
  int POSTGRES_POOL_SIZE = 8;

  @Provides
  @IntoSet
  static ReadinessProbe storeProbe(ServerConfig config, Vertx vertx) {
    if (config.database() instanceof DatabaseUrl.Postgres postgres) {
      PostgresSettings settings =
          new PostgresSettings(
              postgres.host(),
              postgres.port(),
              postgres.database(),
              postgres.user(),
              postgres.password());
      return new PostgresReadinessProbe(
          PostgresPools.create(vertx, settings, POSTGRES_POOL_SIZE), settings);
    }
    DatabaseUrl.Sqlite sqlite = (DatabaseUrl.Sqlite) config.database();
    return new SqliteReadinessProbe(sqlite.file(), sqliteWorker(vertx));
  }

  /**
   * JDBC blocks, so SQLite work runs on one Vert.x worker thread, never on an event loop. One
   * thread is also SQLite's one writer.
   */
  private static Executor sqliteWorker(Vertx vertx) {
    WorkerExecutor worker = vertx.createSharedWorkerExecutor("codex-lb-sqlite", 1);
    return task ->
        worker.executeBlocking(
            () -> {
              task.run();
              return null;
            });
  }
}
