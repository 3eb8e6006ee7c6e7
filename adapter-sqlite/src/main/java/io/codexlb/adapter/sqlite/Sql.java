package io.codexlb.adapter.sqlite;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * One prepared statement, bound, run and closed. Arguments bind by their Java type: an {@link
 * Instant} as epoch milliseconds, a {@code boolean} as 0 or 1, {@code null} as SQL {@code NULL},
 * anything else as the driver binds it.
 */
final class Sql {

  /** Reads the current row. */
  @FunctionalInterface
  interface RowReader<T> {
    T read(ResultSet rows) throws SQLException;
  }

  private Sql() {}

  /** Runs an insert, update or delete; returns how many rows it changed. */
  static int update(Connection connection, String sql, @Nullable Object... args)
      throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      bind(statement, args);
      return statement.executeUpdate();
    }
  }

  /** Runs the statement once per argument list, as one batch. */
  static void batch(Connection connection, String sql, List<@Nullable Object[]> argLists)
      throws SQLException {
    batchCounts(connection, sql, argLists);
  }

  /**
   * Runs the statement once per argument list, as one batch; gives how many rows each run changed,
   * in the order of {@code argLists}.
   */
  static int[] batchCounts(Connection connection, String sql, List<@Nullable Object[]> argLists)
      throws SQLException {
    if (argLists.isEmpty()) {
      return new int[0];
    }
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      for (@Nullable Object[] args : argLists) {
        bind(statement, args);
        statement.addBatch();
      }
      return statement.executeBatch();
    }
  }

  /** Every row of a query, in the query's order. */
  static <T> List<T> list(
      Connection connection, String sql, RowReader<T> reader, @Nullable Object... args)
      throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      bind(statement, args);
      List<T> values = new ArrayList<>();
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          values.add(reader.read(rows));
        }
      }
      return values;
    }
  }

  /** The first row of a query, if any. */
  static <T> Optional<T> first(
      Connection connection, String sql, RowReader<T> reader, @Nullable Object... args)
      throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      bind(statement, args);
      try (ResultSet rows = statement.executeQuery()) {
        return rows.next() ? Optional.of(reader.read(rows)) : Optional.empty();
      }
    }
  }

  private static void bind(PreparedStatement statement, @Nullable Object... args)
      throws SQLException {
    for (int i = 0; i < args.length; i++) {
      Object arg = args[i];
      if (arg instanceof Instant instant) {
        statement.setLong(i + 1, instant.toEpochMilli());
      } else if (arg instanceof Boolean flag) {
        statement.setInt(i + 1, flag ? 1 : 0);
      } else {
        statement.setObject(i + 1, arg);
      }
    }
  }
}
