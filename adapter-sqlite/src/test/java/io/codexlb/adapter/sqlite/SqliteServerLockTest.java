package io.codexlb.adapter.sqlite;

import static io.codexlb.port.out.Stages.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.codexlb.adapter.sqlite.SqliteStoreException.Problem;
import io.codexlb.domain.key.ApiKey;
import io.codexlb.domain.key.ApiKeyId;
import io.codexlb.domain.key.KeyHash;
import io.codexlb.port.out.StoredApiKey;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * One server per store: {@link SqliteStore.Access#SERVER} holds {@code store.db.lock}, a second
 * server is refused naming the first one's process, a command ({@link SqliteStore.Access#SHARED})
 * still works beside it, and a process killed with SIGKILL leaves nothing that blocks the next.
 */
class SqliteServerLockTest {

  /** A generous bound for a child JVM to start; not a speed assertion. */
  private static final long CHILD_START_SECONDS = 60;

  @RegisterExtension final TempStores stores = new TempStores();

  @TempDir Path dir;

  private Process child;

  @AfterEach
  void killChild() {
    if (child != null && child.isAlive()) {
      child.destroyForcibly();
    }
  }

  @Test
  void aSecondServerInTheSameProcessIsRefusedUntilTheFirstCloses() {
    Path file = dir.resolve("store.db");
    SqliteStore first = open(file, SqliteStore.Access.SERVER);

    assertThatThrownBy(() -> open(file, SqliteStore.Access.SERVER))
        .isInstanceOfSatisfying(
            SqliteStoreException.class, e -> assertThat(e.problem()).isEqualTo(Problem.LOCKED))
        .hasMessageContaining("sqlite store " + file + " is in use by a server in this process")
        .hasMessageContaining(String.valueOf(ProcessHandle.current().pid()))
        .hasMessageContaining("lock file " + file + ".lock")
        .hasMessageNotContaining("\n");

    await(first.close());
    await(open(file, SqliteStore.Access.SERVER).close());
  }

  @Test
  void theLockFileIsPrivateAndNamesTheHolderUntilItCloses() throws Exception {
    Path file = dir.resolve("store.db");
    Path lockFile = dir.resolve("store.db.lock");
    SqliteStore server = open(file, SqliteStore.Access.SERVER);

    assertThat(Files.readString(lockFile)).isEqualTo(ProcessHandle.current().pid() + "\n");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(lockFile)))
        .isEqualTo("rw-------");

    await(server.close());
    assertThat(Files.readString(lockFile)).isEmpty();
  }

  @Test
  void aCommandOpensAndWritesBesideARunningServer() {
    Path file = dir.resolve("store.db");
    SqliteStore server = open(file, SqliteStore.Access.SERVER);

    SqliteStore command = open(file, SqliteStore.Access.SHARED);
    ApiKey key =
        new ApiKey(
            new ApiKeyId("beside-the-server"),
            "ci",
            KeyHash.of("sk-clb-beside"),
            "sk-clb-besi",
            true,
            null,
            Set.of(),
            Instant.parse("2026-01-01T00:00:00Z"),
            null);
    assertThat(await(command.ports().apiKeys().create(new StoredApiKey(key, List.of())))).isTrue();
    await(command.close());

    assertThat(await(server.ports().apiKeys().find(key.id()))).isPresent();
    await(server.close());
  }

  @Test
  void aServerThatFailsToOpenReleasesTheLock() throws Exception {
    Path file = dir.resolve("store.db");
    await(open(file, SqliteStore.Access.SERVER).close());
    TestSql.execute(
        file,
        "INSERT INTO schema_migrations (version, description, applied_at)"
            + " VALUES (99, 'from the future', 0)");

    assertThatThrownBy(() -> open(file, SqliteStore.Access.SERVER))
        .isInstanceOfSatisfying(
            SqliteStoreException.class,
            e -> assertThat(e.problem()).isEqualTo(Problem.SCHEMA_TOO_NEW));
    TestSql.execute(file, "DELETE FROM schema_migrations WHERE version = 99");

    await(open(file, SqliteStore.Access.SERVER).close());
  }

  @Test
  void aLockFileLeftByADeadProcessDoesNotBlock() throws Exception {
    Path file = dir.resolve("store.db");
    Files.writeString(dir.resolve("store.db.lock"), "2147483646\n");

    SqliteStore server = open(file, SqliteStore.Access.SERVER);

    assertThat(Files.readString(dir.resolve("store.db.lock")))
        .isEqualTo(ProcessHandle.current().pid() + "\n");
    await(server.close());
  }

  @Test
  void anotherProcessHoldingTheStoreIsNamedAndItsLockDiesWithIt() throws Exception {
    Path file = dir.resolve("store.db");
    child = startHolder(file);
    long holder = child.pid();

    assertThatThrownBy(() -> open(file, SqliteStore.Access.SERVER))
        .isInstanceOfSatisfying(
            SqliteStoreException.class, e -> assertThat(e.problem()).isEqualTo(Problem.LOCKED))
        .hasMessageContaining("in use by another codex-lb server, process " + holder + " ")
        .hasMessageNotContaining("\n");

    child.destroyForcibly(); // SIGKILL: no shutdown hook, no cleanup
    assertThat(child.waitFor(CHILD_START_SECONDS, TimeUnit.SECONDS)).isTrue();
    assertThat(Files.readString(dir.resolve("store.db.lock"))).isEqualTo(holder + "\n");

    SqliteStore next = open(file, SqliteStore.Access.SERVER);
    assertThat(Files.readString(dir.resolve("store.db.lock")))
        .isEqualTo(ProcessHandle.current().pid() + "\n");
    await(next.close());
  }

  private Process startHolder(Path file) throws Exception {
    Process process =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                ServerLockHolder.class.getName(),
                file.toString())
            .redirectErrorStream(true)
            .start();
    CompletableFuture<String> firstLine =
        CompletableFuture.supplyAsync(
            () -> {
              try (BufferedReader in =
                  new BufferedReader(
                      new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                StringBuilder all = new StringBuilder();
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                  if (line.equals("open")) {
                    return line;
                  }
                  all.append(line).append('\n');
                }
                return "ended: " + all;
              } catch (IOException e) {
                return "unreadable: " + e;
              }
            });
    assertThat(firstLine.get(CHILD_START_SECONDS, TimeUnit.SECONDS))
        .as("the holder opened the store")
        .isEqualTo("open");
    return process;
  }

  private SqliteStore open(Path file, SqliteStore.Access access) {
    return await(SqliteStore.open(file, stores.jdbcThread(), true, access));
  }
}
