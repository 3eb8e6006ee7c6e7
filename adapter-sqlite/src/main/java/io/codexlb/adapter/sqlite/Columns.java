package io.codexlb.adapter.sqlite;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * Reads values the way {@link Sql} writes them: instants from epoch milliseconds, booleans from 0
 * or 1, SQL {@code NULL} as {@code null}.
 */
final class Columns {

  private Columns() {}

  /** The instant in {@code column}, or null. */
  static @Nullable Instant instant(ResultSet rows, String column) throws SQLException {
    long millis = rows.getLong(column);
    return rows.wasNull() ? null : Instant.ofEpochMilli(millis);
  }

  /** The instant in {@code column}, which may not be null. */
  static Instant requiredInstant(ResultSet rows, String column) throws SQLException {
    Instant value = instant(rows, column);
    if (value == null) {
      throw new IllegalStateException("column " + column + " is null (expected: a stored value)");
    }
    return value;
  }

  static @Nullable Long nullableLong(ResultSet rows, String column) throws SQLException {
    long value = rows.getLong(column);
    return rows.wasNull() ? null : value;
  }

  static boolean bool(ResultSet rows, String column) throws SQLException {
    return rows.getInt(column) != 0;
  }
}
