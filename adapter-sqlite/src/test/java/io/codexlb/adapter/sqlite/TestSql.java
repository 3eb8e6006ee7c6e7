package io.codexlb.adapter.sqlite;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** Looks into a database file from outside the store, as an operator's sqlite3 shell would. */
final class TestSql {

  private TestSql() {}

  /** The first column of the first row. */
  static String queryString(Path file, String sql) throws SQLException {
    try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(sql)) {
      rows.next();
      return rows.getString(1);
    }
  }

  /** The first column of the first row, as a number. */
  static long queryLong(Path file, String sql) throws SQLException {
    return Long.parseLong(queryString(file, sql));
  }

  static void execute(Path file, String sql) throws SQLException {
    try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }
}
