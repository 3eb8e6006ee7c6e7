package io.codexlb.adapter.sqlite;

import static java.util.Objects.requireNonNull;

import org.jspecify.annotations.Nullable;

/**
 * The embedded store cannot be used. Its message is one line meant for an operator (what is wrong
 * with which file, and what to do), so the bootstrap prints it as it is and {@code /health/ready}
 * can report it; it never contains a secret, since SQLite's own messages never quote bound values.
 */
public final class SqliteStoreException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** What went wrong, for callers that react differently to each case. */
  public enum Problem {
    /** The file is not a SQLite database, or fails {@code PRAGMA quick_check}. */
    CORRUPT,
    /** The file or its directory cannot be read. */
    UNREADABLE,
    /** The file or its directory cannot be written. */
    READ_ONLY,
    /** The schema is older than this code needs and migrations are off. */
    SCHEMA_TOO_OLD,
    /** The schema was written by a newer codex-lb. */
    SCHEMA_TOO_NEW,
    /** Another server holds the store's lock ({@link SqliteStore.Access#SERVER}). */
    LOCKED,
    /** The store was closed. */
    CLOSED,
    /** Any other failure of SQLite or the file system. */
    FAILED
  }

  private final Problem problem;

  SqliteStoreException(Problem problem, String message) {
    super(message);
    this.problem = requireNonNull(problem, "problem");
  }

  SqliteStoreException(Problem problem, String message, @Nullable Throwable cause) {
    super(message, cause);
    this.problem = requireNonNull(problem, "problem");
  }

  /** What went wrong. */
  public Problem problem() {
    return problem;
  }
}
