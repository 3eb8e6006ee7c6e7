package io.codexlb.adapter.sqlite;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;

/**
 * How values map to columns: instants as epoch milliseconds, booleans as 0 or 1, absent values as
 * SQL {@code NULL}.
 */
final class Columns {

  private Columns() {}

  static void setInstant(PreparedStatement statement, int index, Instant value)
      throws SQLException {
    if (value == null) {
      statement.setNull(index, Types.INTEGER);
    } else {
      statement.setLong(index, value.toEpochMilli());
    }
  }

  static void setNullableLong(PreparedStatement statement, int index, Long value)
      throws SQLException {
    if (value == null) {
      statement.setNull(index, Types.INTEGER);
    } else {
      statement.setLong(index, value);
    }
  }

  static void setNullableDouble(PreparedStatement statement, int index, Double value)
      throws SQLException {
    if (value == null) {
      statement.setNull(index, Types.REAL);
    } else {
      statement.setDouble(index, value);
    }
  }

  static void setBoolean(PreparedStatement statement, int index, boolean value)
      throws SQLException {
    statement.setInt(index, value ? 1 : 0);
  }

  /** The instant in {@code column}, or null. */
  static Instant instant(ResultSet rows, String column) throws SQLException {
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

  static Long nullableLong(ResultSet rows, String column) throws SQLException {
    long value = rows.getLong(column);
    return rows.wasNull() ? null : value;
  }

  static boolean bool(ResultSet rows, String column) throws SQLException {
    return rows.getInt(column) != 0;
  }
}
