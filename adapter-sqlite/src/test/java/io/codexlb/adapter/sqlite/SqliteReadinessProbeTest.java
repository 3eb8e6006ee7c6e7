package io.codexlb.adapter.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import io.codexlb.domain.health.CheckResult;
import io.codexlb.port.out.ReadinessProbe;
import io.codexlb.port.out.ReadinessProbeContract;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The SQLite probe keeps the readiness contract against real files. */
class SqliteReadinessProbeTest extends ReadinessProbeContract {

  @TempDir Path dataDir;

  private final ExecutorService worker =
      Executors.newSingleThreadExecutor(task -> new Thread(task, "sqlite-probe-worker"));

  @AfterEach
  void stopWorker() throws InterruptedException {
    worker.shutdownNow();
    assertThat(worker.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
  }

  @Override
  protected ReadinessProbe workingProbe() throws Exception {
    return new SqliteReadinessProbe(existingStore(), worker);
  }

  @Override
  protected ReadinessProbe unreachableProbe() throws Exception {
    // The "directory" is a regular file, so nothing can be opened beneath it.
    Path notADirectory = Files.writeString(dataDir.resolve("not-a-directory"), "plain text");
    return new SqliteReadinessProbe(notADirectory.resolve("store.db"), worker);
  }

  @Override
  protected String secretInConfiguration() {
    return "sqlite-has-no-password"; // nothing secret configures this store; never in the path
  }

  @Test
  void namesTheFileWhenUnavailable() throws Exception {
    Path notADirectory = Files.writeString(dataDir.resolve("not-a-directory"), "plain text");
    Path store = notADirectory.resolve("store.db");

    CheckResult result = checkNow(new SqliteReadinessProbe(store, worker));

    assertThat(result)
        .isInstanceOfSatisfying(
            CheckResult.Failed.class,
            failed ->
                assertThat(failed.reason()).startsWith("sqlite store " + store + " unavailable: "));
  }

  @Test
  void runsOnTheExecutorNotOnTheCallersThread() throws Exception {
    AtomicReference<Thread> ranOn = new AtomicReference<>();
    ReadinessProbe probe =
        new SqliteReadinessProbe(
            existingStore(),
            task ->
                worker.execute(
                    () -> {
                      ranOn.set(Thread.currentThread());
                      task.run();
                    }));

    assertThat(checkNow(probe).passed()).isTrue();
    assertThat(ranOn.get()).isNotNull().isNotSameAs(Thread.currentThread());
    assertThat(ranOn.get().getName()).isEqualTo("sqlite-probe-worker");
  }

  @Test
  void createsNeitherTheFileNorItsDirectory() throws Exception {
    Path store = dataDir.resolve("missing-dir").resolve("store.db");

    CheckResult result = checkNow(new SqliteReadinessProbe(store, worker));

    assertThat(result.passed()).isFalse();
    assertThat(dataDir.resolve("missing-dir")).doesNotExist();
  }

  @Test
  void failsWhileTheStoreFileDoesNotExistYet() throws Exception {
    Path store = dataDir.resolve("store.db");

    CheckResult result = checkNow(new SqliteReadinessProbe(store, worker));

    assertThat(result)
        .isInstanceOfSatisfying(
            CheckResult.Failed.class,
            failed -> assertThat(failed.reason()).endsWith("unavailable: no such file"));
    assertThat(store).doesNotExist();
  }

  @Test
  void failsWhenThePathIsADirectory() throws Exception {
    CheckResult result = checkNow(new SqliteReadinessProbe(dataDir, worker));

    assertThat(result)
        .isInstanceOfSatisfying(
            CheckResult.Failed.class,
            failed -> assertThat(failed.reason()).endsWith("unavailable: not a regular file"));
  }

  @Test
  void failsWhenTheFileIsNotADatabase() throws Exception {
    Path store =
        Files.writeString(dataDir.resolve("store.db"), "this is not a SQLite file, ".repeat(100));

    CheckResult result = checkNow(new SqliteReadinessProbe(store, worker));

    assertThat(result)
        .isInstanceOfSatisfying(
            CheckResult.Failed.class,
            failed -> assertThat(failed.reason()).contains("not a database"));
  }

  @Test
  void failsWhenTheExecutorRefusesWork() throws Exception {
    worker.shutdown();

    CheckResult result = checkNow(new SqliteReadinessProbe(existingStore(), worker));

    assertThat(result)
        .isInstanceOfSatisfying(
            CheckResult.Failed.class,
            failed -> assertThat(failed.reason()).endsWith("no thread to run the check on"));
  }

  /** A store file as the store adapter leaves it: a SQLite database with a table. */
  private Path existingStore() throws Exception {
    Path store = dataDir.resolve("store.db");
    try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + store);
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE TABLE IF NOT EXISTS accounts (id TEXT PRIMARY KEY)");
    }
    return store;
  }

  private static CheckResult checkNow(ReadinessProbe probe) throws Exception {
    return probe.check().toCompletableFuture().get(60, TimeUnit.SECONDS);
  }
}
