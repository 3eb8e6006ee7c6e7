package io.codexlb.adapter.sqlite;

import io.codexlb.adapter.sqlite.SqliteStoreException.Problem;
import io.codexlb.domain.health.Failures;
import java.nio.file.Path;
import java.sql.SQLException;
import org.jspecify.annotations.Nullable;

/** Turns SQLite's errors into one-line {@link SqliteStoreException}s an operator can act on. */
final class SqliteFailures {

  // SQLite's primary result codes (https://www.sqlite.org/rescode.html); the driver reports
  // extended codes, whose low byte is the primary one.
  private static final int SQLITE_PERM = 3;
  private static final int SQLITE_READONLY = 8;
  private static final int SQLITE_IOERR = 10;
  private static final int SQLITE_CORRUPT = 11;
  private static final int SQLITE_CANTOPEN = 14;
  private static final int SQLITE_NOTADB = 26;

  private SqliteFailures() {}

  static SqliteStoreException classify(Path file, SQLException e) {
    String detail = Failures.oneLine(e);
    switch (e.getErrorCode() & 0xff) {
      case SQLITE_CORRUPT:
      case SQLITE_NOTADB:
        return corrupt(file, detail, e);
      case SQLITE_READONLY:
        return new SqliteStoreException(
            Problem.READ_ONLY,
            "sqlite store "
                + file
                + " cannot be written ("
                + detail
                + "): make the file and its directory writable by this user",
            e);
      case SQLITE_PERM:
      case SQLITE_CANTOPEN:
        return new SqliteStoreException(
            Problem.UNREADABLE,
            "sqlite store "
                + file
                + " cannot be opened ("
                + detail
                + "): check that it and its directory exist and belong to this user",
            e);
      case SQLITE_IOERR:
      default:
        return new SqliteStoreException(
            Problem.FAILED, "sqlite store " + file + " failed: " + detail, e);
    }
  }

  static SqliteStoreException corrupt(Path file, String detail, @Nullable Throwable cause) {
    return new SqliteStoreException(
        Problem.CORRUPT,
        "sqlite store "
            + file
            + " is corrupt or not a SQLite database ("
            + detail
            + "): restore it from a backup, or move it away to start with an empty store",
        cause);
  }
}
