package io.codexlb.adapter.sqlite;

import io.codexlb.port.out.JobLease;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The job lease of the embedded store: one server process owns a store file (its {@code
 * store.db.lock}), so that process always holds the lease.
 */
final class SqliteJobLease implements JobLease {

  @Override
  public CompletionStage<Boolean> hold() {
    return CompletableFuture.completedFuture(true);
  }

  @Override
  public CompletionStage<Void> release() {
    return CompletableFuture.completedFuture(null);
  }
}
