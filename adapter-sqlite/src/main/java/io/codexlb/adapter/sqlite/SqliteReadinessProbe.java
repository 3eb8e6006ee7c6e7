package io.codexlb.adapter.sqlite;

import static java.util.Objects.requireNonNull;

import io.codexlb.domain.health.CheckResult;
import io.codexlb.port.out.ReadinessProbe;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
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
public final class SqliteReadinessProbe implements ReadinessProbe {

  /** The time limit used when none is given. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

  private static final int MAX_REASON_LENGTH = 200;

  private final Path databaseFile;
  private final Executor executor;
  private final Duration timeout;

  /** A probe of {@code databaseFile} that runs on {@code executor}, with the default limit. */
  public SqliteReadinessProbe(Path databaseFile, Executor executor) {
    this(databaseFile, executor, DEFAULT_TIMEOUT);
  }

  /** A probe of {@code databaseFile} that runs on {@code executor}, bounded by {@code timeout}. */
  public SqliteReadinessProbe(Path databaseFile, Executor executor, Duration timeout) {
    this.databaseFile = requireNonNull(databaseFile, "databaseFile");
    this.executor = requireNonNull(executor, "executor");
    requireNonNull(timeout, "timeout");
    if (timeout.isZero() || timeout.isNegative()) {
      throw new IllegalArgumentException("timeout: " + timeout + " (expected: positive)");
    }
    this.timeout = timeout;
  }

  @Override
  public String checkName() {
    return "store";
  }

  @Override
  public CompletionStage<CheckResult> check() {
    CompletableFuture<CheckResult> result;
    try {
      result = CompletableFuture.supplyAsync(this::checkBlocking, executor);
    } catch (RejectedExecutionException e) {
      return CompletableFuture.completedFuture(failure("no thread to run the check on"));
    }
    return result
        .exceptionally(error -> failure(describe(error)))
        .completeOnTimeout(
            failure("no answer within " + timeout.toMillis() + " ms"),
            timeout.toMillis(),
            TimeUnit.MILLISECONDS);
  }

  private CheckResult checkBlocking() {
    if (!Files.isRegularFile(databaseFile)) {
      return failure(Files.exists(databaseFile) ? "not a regular file" : "no such file");
    }
    SQLiteConfig config = new SQLiteConfig();
    config.resetOpenMode(SQLiteOpenMode.CREATE); // open an existing file only
    config.setBusyTimeout((int) Math.min(Integer.MAX_VALUE, timeout.toMillis()));
    try (Connection connection = config.createConnection("jdbc:sqlite:" + databaseFile);
        Statement statement = connection.createStatement();
        // Preparing any statement makes SQLite read the file's header and schema.
        ResultSet rows = statement.executeQuery("SELECT 1")) {
      rows.next();
      return CheckResult.pass();
    } catch (SQLException e) {
      return failure(describe(e));
    }
  }

  private CheckResult failure(String reason) {
    return CheckResult.fail("sqlite store " + databaseFile + " unavailable: " + reason);
  }

  private static String describe(Throwable error) {
    Throwable cause = error;
    while (cause.getCause() != null
        && (cause instanceof CompletionException || cause.getMessage() == null)) {
      cause = cause.getCause();
    }
    String message = cause.getMessage();
    String line =
        message == null || message.isBlank()
            ? cause.getClass().getSimpleName()
            : message.strip().lines().findFirst().orElse(cause.getClass().getSimpleName());
    return line.length() <= MAX_REASON_LENGTH ? line : line.substring(0, MAX_REASON_LENGTH) + "...";
  }
}
