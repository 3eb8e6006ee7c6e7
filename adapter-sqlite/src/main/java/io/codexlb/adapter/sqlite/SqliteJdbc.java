package io.codexlb.adapter.sqlite;

import static java.util.Objects.requireNonNull;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.jspecify.annotations.Nullable;

/**
 * The store's one connection and the executor that owns it. Every task runs on that executor and
 * holds a lock while it uses the connection, so even an executor with several threads never runs
 * two statements at once; with the intended single thread the lock is never contended. Stages
 * complete on the JDBC thread.
 */
final class SqliteJdbc {

  private final Path file;
  private final Executor executor;
  private final Object lock = new Object();

  @GuardedBy("lock") private @Nullable Connection connection; // null once closed

  SqliteJdbc(Path file, Executor executor, Connection connection) {
    this.file = requireNonNull(file, "file");
    this.executor = requireNonNull(executor, "executor");
    this.connection = requireNonNull(connection, "connection");
  }

  /** Runs statements in autocommit mode: for single statements, which SQLite makes atomic. */
  <T> CompletionStage<T> call(SqlWork<T> work) {
    return submit(work, null);
  }

  /** {@link #call} for work that returns nothing. */
  CompletionStage<Void> callVoid(SqlAction action) {
    return call(returningNothing(action));
  }

  /**
   * Runs {@code work} in one write transaction, taken with {@code BEGIN IMMEDIATE} so that the
   * write lock is held from the first statement: a read-then-write never fails half-way because
   * another process wrote in between, and nothing is visible to others before it commits.
   */
  <T> CompletionStage<T> write(SqlWork<T> work) {
    return submit(work, "BEGIN IMMEDIATE");
  }

  /** {@link #write} for work that returns nothing. */
  CompletionStage<Void> writeVoid(SqlAction action) {
    return write(returningNothing(action));
  }

  /** Runs {@code work} in one read transaction, so that several queries see the same snapshot. */
  <T> CompletionStage<T> read(SqlWork<T> work) {
    return submit(work, "BEGIN DEFERRED");
  }

  /** Closes the connection after the tasks already submitted. */
  CompletionStage<Void> close() {
    CompletableFuture<Void> closed = new CompletableFuture<>();
    Runnable task =
        () -> {
          synchronized (lock) {
            try {
              if (connection != null) {
                connection.close();
              }
              closed.complete(null);
            } catch (SQLException e) {
              closed.completeExceptionally(failure(e));
            } finally {
              connection = null;
            }
          }
        };
    try {
      executor.execute(task);
    } catch (RejectedExecutionException e) {
      // No thread left: close here rather than leak the file handle.
      task.run();
    }
    return closed;
  }

  private <T> CompletionStage<T> submit(SqlWork<T> work, @Nullable String begin) {
    CompletableFuture<T> result = new CompletableFuture<>();
    try {
      executor.execute(() -> runNow(work, begin, result));
    } catch (RejectedExecutionException e) {
      result.completeExceptionally(
          new SqliteStoreException(
              SqliteStoreException.Problem.CLOSED, "sqlite store " + file + ": no JDBC thread"));
    }
    return result;
  }

  private <T> void runNow(SqlWork<T> work, @Nullable String begin, CompletableFuture<T> result) {
    synchronized (lock) {
      if (connection == null) {
        result.completeExceptionally(
            new SqliteStoreException(
                SqliteStoreException.Problem.CLOSED, "sqlite store " + file + ": closed"));
        return;
      }
      try {
        result.complete(
            begin == null ? work.run(connection) : inTransaction(connection, begin, work));
      } catch (SQLException e) {
        result.completeExceptionally(failure(e));
      } catch (RuntimeException | Error e) {
        result.completeExceptionally(e);
      }
    }
  }

  /**
   * Runs {@code work} between {@code begin} and {@code COMMIT}, rolling back when it fails.
   * Transactions are driven with SQL rather than setAutoCommit(false): the driver would otherwise
   * open the next transaction at once after each commit and hold SQLite's lock meanwhile.
   */
  static <T> T inTransaction(Connection connection, String begin, SqlWork<T> work)
      throws SQLException {
    execute(connection, begin);
    boolean committed = false;
    try {
      T value = work.run(connection);
      execute(connection, "COMMIT");
      committed = true;
      return value;
    } finally {
      if (!committed) {
        rollbackQuietly(connection);
      }
    }
  }

  private static void rollbackQuietly(Connection connection) {
    try {
      execute(connection, "ROLLBACK");
    } catch (SQLException alreadyEnded) {
      // SQLite ends a transaction by itself after some errors; there is nothing left to undo.
    }
  }

  static void execute(Connection connection, String sql) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }

  // A stage of Void completes with null, the one value of Void, while NullAway reads the result of
  // a SqlWork<Void> as a non-null T: the one place that makes that null is exempt, for that reason.
  @SuppressWarnings("NullAway")
  private static SqlWork<Void> returningNothing(SqlAction action) {
    return connection -> {
      action.run(connection);
      return null;
    };
  }

  private SqliteStoreException failure(SQLException e) {
    return SqliteFailures.classify(file, e);
  }
}
