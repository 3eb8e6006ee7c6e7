package io.codexlb.adapter.postgres;

import io.codexlb.port.out.StoreChange;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Predicate;

/**
 * The statement shapes the repositories share: one write, a write announced on the store's change
 * channel in its own transaction, or a batch in one transaction.
 */
final class PgStatements {

  private PgStatements() {}

  /** Runs one statement; completes once it is committed. */
  static CompletionStage<Void> execute(Pool pool, String sql, Tuple params) {
    return pool.preparedQuery(sql).execute(params).<Void>mapEmpty().toCompletionStage();
  }

  /** Runs one statement and gives how many rows it changed. */
  static CompletionStage<Integer> changedCount(Pool pool, String sql, Tuple params) {
    return pool.preparedQuery(sql).execute(params).map(rows -> rows.rowCount()).toCompletionStage();
  }

  /** Runs one statement and tells whether it changed any row. */
  static CompletionStage<Boolean> changedAny(Pool pool, String sql, Tuple params) {
    return changedCount(pool, sql, params).thenApply(count -> count > 0);
  }

  /**
   * Runs one statement and announces {@code change} on {@code channel} in the same transaction,
   * heard once committed; completes once it is committed.
   */
  static CompletionStage<Void> executeAnnounced(
      Pool pool, String sql, Tuple params, PgChannel channel, StoreChange change) {
    return announcedWhen(pool, sql, params, rows -> true, channel, change)
        .thenApply(announced -> null);
  }

  /**
   * Runs one statement and tells whether it changed any row; if it did, announces {@code change} on
   * {@code channel} in the same transaction, heard once committed. A statement that changed nothing
   * announces nothing.
   */
  static CompletionStage<Boolean> changedAnyAnnounced(
      Pool pool, String sql, Tuple params, PgChannel channel, StoreChange change) {
    return announcedWhen(pool, sql, params, rows -> rows.rowCount() > 0, channel, change);
  }

  private static CompletionStage<Boolean> announcedWhen(
      Pool pool,
      String sql,
      Tuple params,
      Predicate<RowSet<Row>> changed,
      PgChannel channel,
      StoreChange change) {
    return pool.withTransaction(
            connection ->
                connection
                    .preparedQuery(sql)
                    .execute(params)
                    .compose(rows -> announcedIf(changed.test(rows), connection, channel, change)))
        .toCompletionStage();
  }

  /**
   * Announces {@code change} through {@code connection} if {@code changed}; gives {@code changed}.
   */
  static Future<Boolean> announcedIf(
      boolean changed, SqlConnection connection, PgChannel channel, StoreChange change) {
    if (!changed) {
      return Future.succeededFuture(false);
    }
    return channel.announce(connection, change).map(true);
  }

  /** Runs the statement once per tuple, all or none: in one transaction. */
  static CompletionStage<Void> batchInTransaction(Pool pool, String sql, List<Tuple> batch) {
    if (batch.isEmpty()) {
      return CompletableFuture.completedFuture(null);
    }
    return pool.withTransaction(connection -> connection.preparedQuery(sql).executeBatch(batch))
        .<Void>mapEmpty()
        .toCompletionStage();
  }
}
