package io.codexlb.bootstrap.store;

import static java.util.Objects.requireNonNull;

import io.codexlb.adapter.sqlite.SqliteReadinessProbe;
import io.codexlb.adapter.sqlite.SqliteStore;
import io.codexlb.adapter.sqlite.SqliteStoreException;
import io.codexlb.domain.health.Failures;
import java.nio.file.Path;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/**
 * Opens the embedded SQLite store. A schema newer than this code, one that needs migrations while
 * they are off, or (for a {@link StoreRole#SERVER}) a store another server holds, is refused for
 * good; a corrupt, unreadable or read-only file is retried, since an operator may be restoring it.
 */
public final class SqliteStoreOpener implements StoreOpener {

  private final Path file;
  private final Executor jdbcExecutor;
  private final boolean migrate;
  private final StoreRole role;

  /**
   * An opener for a provisioning command ({@link StoreRole#COMMAND}).
   *
   * @param file the store file
   * @param jdbcExecutor the one worker thread every JDBC call runs on
   * @param migrate whether to apply pending migrations
   */
  public SqliteStoreOpener(Path file, Executor jdbcExecutor, boolean migrate) {
    this(file, jdbcExecutor, migrate, StoreRole.COMMAND);
  }

  /**
   * @param file the store file
   * @param jdbcExecutor the one worker thread every JDBC call runs on
   * @param migrate whether to apply pending migrations
   * @param role a server holds the store's lock while the store is open; a command takes none
   */
  public SqliteStoreOpener(Path file, Executor jdbcExecutor, boolean migrate, StoreRole role) {
    this.file = requireNonNull(file, "file");
    this.jdbcExecutor = requireNonNull(jdbcExecutor, "jdbcExecutor");
    this.migrate = migrate;
    this.role = requireNonNull(role, "role");
  }

  /**
   * Starts loading SQLite's native library on a daemon thread of its own, so that it goes on while
   * the server is wired (Vert.x, metrics, JSON) rather than after it, in the store's first open; an
   * open that comes first waits for it. On two cores that takes it off the time to listen.
   */
  public static void preloadNativeLibrary() {
    Thread preload = new Thread(SqliteStore::loadNativeLibrary, "codex-lb-sqlite-preload");
    preload.setDaemon(true);
    preload.start();
  }

  @Override
  public CompletionStage<Store> open() {
    SqliteStore.Access access =
        switch (role) {
          case SERVER -> SqliteStore.Access.SERVER;
          case COMMAND -> SqliteStore.Access.SHARED;
        };
    return SqliteStore.open(file, jdbcExecutor, migrate, access)
        .handle(
            (store, error) -> {
              if (error != null) {
                throw new CompletionException(refusalOrSame(error));
              }
              return new Store(
                  store.ports(), new SqliteReadinessProbe(file, jdbcExecutor), store::close);
            });
  }

  private static Throwable refusalOrSame(Throwable error) {
    Throwable cause = Failures.unwrap(error);
    if (cause instanceof SqliteStoreException sqlite) {
      switch (sqlite.problem()) {
        case SCHEMA_TOO_NEW:
        case SCHEMA_TOO_OLD:
        case LOCKED:
          return new StoreRefusedException(sqlite.getMessage());
        default:
          return sqlite;
      }
    }
    return cause;
  }

  @Override
  public String toString() {
    return "SqliteStoreOpener[" + file + ", " + role + "]";
  }
}
