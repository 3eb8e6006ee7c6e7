package io.codexlb.adapter.sqlite;

import static java.util.Objects.requireNonNull;

import io.codexlb.adapter.sqlite.SqliteStoreException.Problem;
import io.codexlb.domain.health.Failures;
import io.codexlb.port.out.StoreChangePublisher;
import io.codexlb.port.out.StorePorts;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteJDBCLoader;
import org.sqlite.SQLiteOpenMode;

/**
 * The embedded store: one SQLite file with one connection, used only on the JDBC executor given to
 * {@link #open}, so there is a single writer and no caller's thread ever blocks. The connection
 * runs in WAL mode with foreign keys on and {@code synchronous=FULL}, so a write is on disk when
 * its stage completes and survives {@code kill -9} and power loss. A server opens it with {@link
 * Access#SERVER}, which holds {@code <file>.lock} while it is open, so no second server writes
 * beside it; provisioning commands open it {@link Access#SHARED}, beside the server.
 *
 * <p>Stages complete on the JDBC thread: a caller on an event loop continues on its own context
 * (e.g. Vert.x's {@code Future.fromCompletionStage(stage, context)}), never doing long work there.
 */
public final class SqliteStore {

  /** How long a statement waits for another process (such as the CLI) to release the file. */
  static final int BUSY_TIMEOUT_MILLIS = 5_000;

  private static final Logger log = LoggerFactory.getLogger(SqliteStore.class);

  /** Whether a process opens the store as its one server or beside one. */
  public enum Access {
    /**
     * The store's one server: holds {@code <file>.lock} ({@link SqliteServerLock}) while the store
     * is open, so a second server on the same file is refused with {@link
     * SqliteStoreException.Problem#LOCKED}, naming the first one's process id.
     */
    SERVER,
    /**
     * A short-lived command beside a running server: takes no lock of its own and relies on
     * SQLite's (each write transaction waits up to the busy timeout for the server's to end).
     */
    SHARED
  }

  private final SqliteJdbc jdbc;
  private final int schemaVersion;
  private final StorePorts ports;
  private final @Nullable SqliteServerLock serverLock;
  private final @Nullable SqliteChangeFeed changeFeed;

  private SqliteStore(
      SqliteJdbc jdbc,
      int schemaVersion,
      @Nullable SqliteServerLock serverLock,
      @Nullable Long dataVersion) {
    this.jdbc = jdbc;
    this.schemaVersion = schemaVersion;
    this.serverLock = serverLock;
    StoreChangePublisher changes = new InProcessStoreChangePublisher();
    Announcer announcer = new Announcer(changes);
    // Only a server keeps copies of the store in memory; a short-lived command needs no feed.
    this.changeFeed =
        dataVersion == null ? null : SqliteChangeFeed.start(jdbc, changes, dataVersion);
    this.ports =
        new StorePorts(
            new SqliteAccountRepository(jdbc, announcer),
            new SqliteApiKeyRepository(jdbc, announcer),
            new SqliteSettingsRepository(jdbc, announcer),
            new SqliteRequestLogRepository(jdbc),
            new SqliteStoreMetadataRepository(jdbc),
            changes,
            new SqliteStickySessionRepository(jdbc),
            new SqliteAdminAuthRepository(jdbc),
            new SqliteAuditLogRepository(jdbc),
            new SqliteUsageHistoryRepository(jdbc),
            new SqliteJobLease());
  }

  /**
   * Opens {@code file} (normally {@code <data dir>/store.db}), creating it with mode 0600 when it
   * does not exist, checks it ({@code PRAGMA quick_check}) and brings its schema up to date.
   *
   * @param file the database file; its directory must exist
   * @param jdbcExecutor runs every JDBC call; meant to be a single worker thread
   * @param migrate whether to apply missing migrations ({@code
   *     CODEX_LB_DATABASE_MIGRATE_ON_STARTUP}); without it an out-of-date schema is refused
   * @return the open store, or a stage failed with a {@link SqliteStoreException} whose message is
   *     one line for the operator: a corrupt, unreadable or read-only file or directory, or a
   *     schema older (migrations off) or newer than this code
   */
  public static CompletionStage<SqliteStore> open(
      Path file, Executor jdbcExecutor, boolean migrate) {
    return open(file, jdbcExecutor, migrate, Access.SHARED);
  }

  /**
   * {@link #open(Path, Executor, boolean)}, as the store's one server or beside it.
   *
   * @param access {@link Access#SERVER} takes the store's lock first and holds it until {@link
   *     #close}; the stage then also fails with {@link SqliteStoreException.Problem#LOCKED} when
   *     another server holds it
   */
  public static CompletionStage<SqliteStore> open(
      Path file, Executor jdbcExecutor, boolean migrate, Access access) {
    requireNonNull(file, "file");
    requireNonNull(jdbcExecutor, "jdbcExecutor");
    requireNonNull(access, "access");
    Path absolute = file.toAbsolutePath();
    try {
      return CompletableFuture.supplyAsync(
          () -> openBlocking(absolute, jdbcExecutor, migrate, access), jdbcExecutor);
    } catch (RejectedExecutionException e) {
      return CompletableFuture.failedFuture(
          new SqliteStoreException(
              Problem.CLOSED, "sqlite store " + absolute + ": no JDBC thread to open it on"));
    }
  }

  /**
   * Loads SQLite's native library now, on the calling thread, rather than in the first {@link
   * #open}: the driver copies it out of the jar into the temporary directory and links it, which is
   * a good part of opening the store. A server calls it on a thread of its own while it wires the
   * rest, so that the two go on in parallel. It never fails: a library that cannot be loaded is
   * reported by the open that needs it, with the store's context.
   *
   * @return whether the library is loaded
   */
  public static boolean loadNativeLibrary() {
    try {
      return SQLiteJDBCLoader.initialize();
    } catch (Exception | LinkageError e) {
      log.debug("sqlite: native library not loaded ahead of the open: {}", e.toString());
      return false;
    }
  }

  /** The schema version in place, {@link #latestSchemaVersion()} once open. */
  public int schemaVersion() {
    return schemaVersion;
  }

  /** The schema version this code needs. */
  public static int latestSchemaVersion() {
    return Migration.latestVersion();
  }

  /**
   * The store's ports. Writes to accounts, API keys (not per-request usage) and settings announce
   * themselves on {@link StorePorts#changes()} once committed, on the JDBC thread; subscribers must
   * not block. A store opened with {@link Access#SERVER} also announces the commits of other
   * processes on the file (a command run beside it) within {@link SqliteChangeFeed#POLL_INTERVAL}.
   */
  public StorePorts ports() {
    return ports;
  }

  /**
   * Closes the connection once the work already submitted is done, then releases the server lock if
   * this store holds it; later calls fail with {@link SqliteStoreException.Problem#CLOSED}.
   */
  public CompletionStage<Void> close() {
    if (changeFeed != null) {
      changeFeed.close();
    }
    return jdbc.close().whenComplete((closed, error) -> releaseServerLock());
  }

  private void releaseServerLock() {
    if (serverLock != null) {
      serverLock.close();
    }
  }

  /** The connection's owner, for tests that look at the connection's own settings. */
  SqliteJdbc jdbc() {
    return jdbc;
  }

  private static SqliteStore openBlocking(
      Path file, Executor executor, boolean migrate, Access access) {
    checkFileSystem(file);
    // Before the file is created or connected to: a second server must not even run quick_check.
    SqliteServerLock lock = access == Access.SERVER ? SqliteServerLock.acquire(file) : null;
    try {
      createIfMissing(file);
      return openLocked(file, executor, migrate, lock);
    } catch (RuntimeException e) {
      if (lock != null) {
        lock.close();
      }
      throw e;
    }
  }

  private static SqliteStore openLocked(
      Path file, Executor executor, boolean migrate, @Nullable SqliteServerLock lock) {
    Connection connection = connect(file);
    try {
      checkIntegrity(file, connection);
      int version =
          new SqliteMigrator(file, Migration.all(), Clock.systemUTC()).migrate(connection, migrate);
      Long dataVersion = lock == null ? null : SqliteChangeFeed.dataVersion(connection);
      return new SqliteStore(
          new SqliteJdbc(file, executor, connection), version, lock, dataVersion);
    } catch (SQLException e) {
      closeQuietly(connection);
      throw SqliteFailures.classify(file, e);
    } catch (RuntimeException e) {
      closeQuietly(connection);
      throw e;
    }
  }

  // SQLite's own errors for these cases are vague ("unable to open database file"), so the common
  // ones are recognised up front and named.
  private static void checkFileSystem(Path file) {
    Path dir = file.getParent();
    if (dir == null) {
      throw new SqliteStoreException(
          Problem.UNREADABLE, "sqlite store " + file + ": not a file in a data directory");
    }
    if (!Files.isDirectory(dir)) {
      throw new SqliteStoreException(
          Problem.UNREADABLE, "sqlite store " + file + ": data directory " + dir + " is missing");
    }
    if (Files.exists(file)) {
      if (!Files.isRegularFile(file)) {
        throw new SqliteStoreException(
            Problem.UNREADABLE, "sqlite store " + file + " is not a regular file");
      }
      if (!Files.isReadable(file)) {
        throw new SqliteStoreException(
            Problem.UNREADABLE,
            "sqlite store "
                + file
                + " cannot be read: make it readable by the user codex-lb runs as");
      }
      if (!Files.isWritable(file)) {
        throw new SqliteStoreException(
            Problem.READ_ONLY,
            "sqlite store "
                + file
                + " is read-only: make it writable by the user codex-lb runs as");
      }
    }
    // WAL mode keeps store.db-wal and store.db-shm next to the file, so the directory must be
    // writable even when the file exists.
    if (!Files.isWritable(dir)) {
      throw new SqliteStoreException(
          Problem.READ_ONLY,
          "sqlite store "
              + file
              + ": data directory "
              + dir
              + " is read-only: make it writable by the user codex-lb runs as");
    }
  }

  private static void createIfMissing(Path file) {
    try {
      SqliteStoreFile.createIfMissing(file);
    } catch (UncheckedIOException e) {
      throw new SqliteStoreException(
          Problem.FAILED, "sqlite store " + file + ": " + Failures.oneLine(e), e);
    }
  }

  private static Connection connect(Path file) {
    SQLiteConfig config = new SQLiteConfig();
    config.resetOpenMode(SQLiteOpenMode.CREATE); // the file exists by now; never make another
    config.setJournalMode(SQLiteConfig.JournalMode.WAL);
    config.enforceForeignKeys(true);
    config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
    config.setBusyTimeout(BUSY_TIMEOUT_MILLIS);
    try {
      return config.createConnection("jdbc:sqlite:" + file);
    } catch (SQLException e) {
      throw SqliteFailures.classify(file, e);
    }
  }

  private static void checkIntegrity(Path file, Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("PRAGMA quick_check")) {
      String first = rows.next() ? rows.getString(1) : "no answer";
      if (!"ok".equals(first)) {
        throw SqliteFailures.corrupt(file, "quick_check: " + first, null);
      }
    }
    try (Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("PRAGMA journal_mode")) {
      String mode = rows.next() ? rows.getString(1) : "";
      if (!"wal".equalsIgnoreCase(mode)) {
        throw new SqliteStoreException(
            Problem.FAILED,
            "sqlite store " + file + ": journal mode is " + mode + " (expected: wal)");
      }
    }
  }

  private static void closeQuietly(Connection connection) {
    try {
      connection.close();
    } catch (SQLException ignored) {
      // Already failing to open; the first error is the one to report.
    }
  }
}
