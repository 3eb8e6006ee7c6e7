package io.codexlb.adapter.postgres;

import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** The statement shapes the repositories share: one write, or a batch in one transaction. */
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
