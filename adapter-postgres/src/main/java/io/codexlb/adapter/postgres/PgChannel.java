package io.codexlb.adapter.postgres;

import static java.util.Objects.requireNonNull;

import io.codexlb.port.out.StoreChange;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

/**
 * A store's change channel, on which writes announce what they changed with {@code pg_notify}. Sent
 * inside a write's transaction, PostgreSQL delivers the notification only once that transaction
 * commits, and never when it rolls back, so a listener never hears of a change that is not durable
 * nor misses one that is.
 */
final class PgChannel {

  private final String name;

  /** The channel {@code name}: 1 to 63 characters, PostgreSQL's limit for identifiers. */
  PgChannel(String name) {
    requireNonNull(name, "channel");
    if (name.isEmpty() || name.length() > 63) {
      throw new IllegalArgumentException("channel: '" + name + "' (expected: 1 to 63 characters)");
    }
    this.name = name;
  }

  String name() {
    return name;
  }

  /** Notifies {@code change} through {@code client}: a connection in a transaction, or a pool. */
  Future<Void> announce(SqlClient client, StoreChange change) {
    return client
        .preparedQuery("SELECT pg_notify($1, $2)")
        .execute(Tuple.of(name, change.name()))
        .mapEmpty();
  }

  @Override
  public String toString() {
    return name;
  }
}
