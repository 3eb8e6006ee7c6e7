package io.codexlb.adapter.sqlite;

import static java.util.Objects.requireNonNull;

import io.codexlb.adapter.sqlite.SqliteStoreException.Problem;
import io.codexlb.domain.health.Failures;
import io.codexlb.port.out.PingReadinessProbe;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteOpenMode;

/**
 * Readiness of the embedded SQLite store: opens the database file read-write and runs {@code SELECT
 * 1}, which makes SQLite read the file's header and schema. JDBC blocks, so the check runs on the
 * given executor, never on the caller's thread.
 *
 * <p>The probe changes nothing on disk: it neither creates the file nor its directory (the
 * bootstrap creates the data directory and the store creates the file), so a store that is not
 * there yet is reported as not ready. A file that is not a SQLite database fails too.
 */
public final class SqliteReadinessProbe extends PingReadinessProbe {

  /** A probe of {@code databaseFile} that runs on {@code executor}, with the default limit. */
  public SqliteReadinessProbe(Path databaseFile, Executor executor) {
    this(databaseFile, executor, DEFAULT_TIMEOUT);
  }

  /** A probe of {@code databaseFile} that runs on {@code executor}, bounded by {@code timeout}. */
  public SqliteReadinessProbe(Path databaseFile, Executor executor, Duration timeout) {
    super(
        "store",
        "sqlite store " + requireNonNull(databaseFile, "databaseFile") + " unavailable",
        timeout,
        pingOn(requireNonNull(executor, "executor"), databaseFile, timeout),
        SqliteReadinessProbe::describe);
  }

  private static Supplier<CompletionStage<?>> pingOn(
      Executor executor, Path databaseFile, Duration timeout) {
    return () -> CompletableFuture.runAsync(() -> ping(databaseFile, timeout), executor);
  }

  // Failures carry only what is wrong: the probe's reason already names the file.
  private static void ping(Path databaseFile, Duration timeout) {
    if (!Files.isRegularFile(databaseFile)) {
      throw new SqliteStoreException(
          Problem.UNREADABLE, Files.exists(databaseFile) ? "not a regular file" : "no such file");
    }
    SQLiteConfig config = new SQLiteConfig();
    config.resetOpenMode(SQLiteOpenMode.CREATE); // open an existing file only
    config.setBusyTimeout((int) Math.min(Integer.MAX_VALUE, timeout.toMillis()));
    try (Connection connection = config.createConnection("jdbc:sqlite:" + databaseFile);
        Statement statement = connection.createStatement();
        // Preparing any statement makes SQLite read the file's header and schema.
        ResultSet rows = statement.executeQuery("SELECT 1")) {
      rows.next();
    } catch (SQLException e) {
      throw new SqliteStoreException(Problem.FAILED, Failures.oneLine(e), e);
    }
  }

  private static String describe(Throwable failure) {
    return failure instanceof RejectedExecutionException
        ? "no thread to run the check on"
        : Failures.oneLine(failure);
  }
}
