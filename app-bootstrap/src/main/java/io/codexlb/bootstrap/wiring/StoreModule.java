package io.codexlb.bootstrap.wiring;

import dagger.Module;
import dagger.Provides;
import io.codexlb.adapter.postgres.PostgresPools;
import io.codexlb.adapter.postgres.PostgresSettings;
import io.codexlb.bootstrap.config.DatabaseUrl;
import io.codexlb.bootstrap.config.ServerConfig;
import io.codexlb.bootstrap.store.PostgresStoreOpener;
import io.codexlb.bootstrap.store.SqliteStoreOpener;
import io.codexlb.bootstrap.store.StoreOpener;
import io.codexlb.bootstrap.store.StoreRole;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import jakarta.inject.Singleton;
import java.util.concurrent.Executor;

/**
 * The store chosen by {@code CODEX_LB_DATABASE_URL}: the embedded SQLite file by default,
 * PostgreSQL when a {@code postgresql://} URL is given. The graph that includes it provides the
 * {@link StoreRole}: the server's takes SQLite's one-server lock, a command's does not.
 */
@Module
public interface StoreModule {

  /** Connections kept open to PostgreSQL by one instance. */
  int POSTGRES_POOL_SIZE = 8;

  @Provides
  @Singleton
  static StoreOpener storeOpener(ServerConfig config, Vertx vertx, StoreRole role) {
    if (config.database() instanceof DatabaseUrl.Postgres postgres) {
      PostgresSettings settings =
          new PostgresSettings(
              postgres.host(),
              postgres.port(),
              postgres.database(),
              postgres.user(),
              postgres.password());
      return new PostgresStoreOpener(
          vertx,
          PostgresPools.create(vertx, settings, POSTGRES_POOL_SIZE),
          settings,
          config.migrateOnStartup());
    }
    DatabaseUrl.Sqlite sqlite = (DatabaseUrl.Sqlite) config.database();
    return new SqliteStoreOpener(
        sqlite.file(), sqliteWorker(vertx), config.migrateOnStartup(), role);
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
