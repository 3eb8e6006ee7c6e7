package io.codexlb.adapter.sqlite;

import java.sql.Connection;
import java.sql.SQLException;

/** A piece of work on the store's connection that returns nothing, run on the JDBC executor. */
@FunctionalInterface
interface SqlAction {

  /** Does the work; the connection is never shared with another task while it runs. */
  void run(Connection connection) throws SQLException;
}
