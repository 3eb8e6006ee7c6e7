package io.codexlb.adapter.sqlite;

import static io.codexlb.port.out.Stages.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fresh stores for tests, each in its own temporary directory with its own JDBC thread, all closed
 * and deleted after the test.
 */
final class TempStores implements AfterEachCallback {

  private final List<SqliteStore> stores = new ArrayList<>();
  private final List<ExecutorService> executors = new ArrayList<>();
  private final List<Path> dirs = new ArrayList<>();

  /** A new, empty, migrated store. */
  SqliteStore open() throws IOException {
    Path dir = Files.createTempDirectory("codex-lb-sqlite-");
    dirs.add(dir);
    SqliteStore store = await(SqliteStore.open(dir.resolve("store.db"), jdbcThread(), true));
    stores.add(store);
    return store;
  }

  /** {@code store}, closed after the test. */
  SqliteStore track(SqliteStore store) {
    stores.add(store);
    return store;
  }

  /** {@code dir} and everything in it, deleted after the test. */
  void deleteAfter(Path dir) {
    dirs.add(dir);
  }

  /** A single JDBC thread, shut down after the test. */
  ExecutorService jdbcThread() {
    ExecutorService executor =
        Executors.newSingleThreadExecutor(task -> new Thread(task, "sqlite-test-jdbc"));
    executors.add(executor);
    return executor;
  }

  @Override
  public void afterEach(ExtensionContext context) throws Exception {
    for (SqliteStore store : stores) {
      await(store.close());
    }
    for (ExecutorService executor : executors) {
      executor.shutdownNow();
      executor.awaitTermination(10, TimeUnit.SECONDS);
    }
    for (Path dir : dirs) {
      try (Stream<Path> files = Files.walk(dir)) {
        for (Path path : files.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(path);
        }
      }
    }
    stores.clear();
    executors.clear();
    dirs.clear();
  }
}
