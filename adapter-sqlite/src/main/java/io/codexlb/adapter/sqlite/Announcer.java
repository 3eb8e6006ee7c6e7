package io.codexlb.adapter.sqlite;

import static java.util.Objects.requireNonNull;

import io.codexlb.port.out.StoreChange;
import io.codexlb.port.out.StoreChangePublisher;
import java.util.concurrent.CompletionStage;
import java.util.function.Predicate;

/**
 * Announces a write once it has committed and changed something, so that in-memory copies of the
 * store reload: the SQLite counterpart of the PostgreSQL store's in-transaction {@code NOTIFY}. One
 * server uses a SQLite file, so announcing within the process is enough for its own writes; those
 * of a command beside it are heard by {@link SqliteChangeFeed}.
 */
final class Announcer {

  private final StoreChangePublisher changes;

  Announcer(StoreChangePublisher changes) {
    this.changes = requireNonNull(changes, "changes");
  }

  /** {@code write}, announcing {@code change} after it succeeded when {@code changed} says so. */
  <T> CompletionStage<T> after(
      CompletionStage<T> write, StoreChange change, Predicate<? super T> changed) {
    return write.thenApply(
        result -> {
          if (changed.test(result)) {
            changes.publish(change);
          }
          return result;
        });
  }
}
