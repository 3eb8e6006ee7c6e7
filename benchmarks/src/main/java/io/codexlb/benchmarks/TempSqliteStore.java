package io.codexlb.benchmarks;

import io.codexlb.adapter.sqlite.SqliteStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;

/**
 * A SQLite store on a new file in a temporary directory, with its own JDBC thread, as the server
 * opens it; {@link #close} closes it and deletes the directory.
 */
final class TempSqliteStore implements AutoCloseable {

  private final Path dir;
  private final ExecutorService jdbc;
  private final SqliteStore store;

  private TempSqliteStore(Path dir, ExecutorService jdbc, SqliteStore store) {
    this.dir = dir;
    this.jdbc = jdbc;
    this.store = store;
  }

  /** Opens a new, migrated store. */
  static TempSqliteStore open() throws IOException {
    Path dir = Files.createTempDirectory("codex-lb-bench-");
    ExecutorService jdbc = Executors.newSingleThreadExecutor();
    try {
      SqliteStore store =
          SqliteStore.open(dir.resolve("store.db"), jdbc, true).toCompletableFuture().join();
      return new TempSqliteStore(dir, jdbc, store);
    } catch (RuntimeException e) {
      jdbc.shutdown();
      deleteTree(dir);
      throw e;
    }
  }

  SqliteStore store() {
    return store;
  }

  Path file() {
    return dir.resolve("store.db");
  }

  /** Closes the store (calls made after fail), then deletes its files. */
  @Override
  public void close() {
    try {
      store.close().toCompletableFuture().join();
    } finally {
      jdbc.shutdown();
      deleteTree(dir);
    }
  }

  private static void deleteTree(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
