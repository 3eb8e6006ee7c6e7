package io.codexlb.adapter.sqlite;

import java.sql.Connection;
import java.sql.SQLException;

/** A piece of work on the store's connection, run on the JDBC executor. */
@FunctionalInterface
interface SqlWork<T> {

  /** Does the work; the connection is never shared with another task while it runs. */
  T run(Connection connection) throws SQLException;
}
