package io.codexlb.adapter.sqlite;

import static io.codexlb.port.out.Stages.await;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.codexlb.adapter.sqlite.SqliteStoreException.Problem;
import io.codexlb.domain.key.ApiKey;
import io.codexlb.domain.key.ApiKeyId;
import io.codexlb.domain.key.KeyHash;
import io.codexlb.domain.limit.KeyLimit;
import io.codexlb.domain.limit.LimitType;
import io.codexlb.domain.limit.LimitWindow;
import io.codexlb.port.out.ReversingSecretCipher;
import io.codexlb.port.out.SecretCipher;
import io.codexlb.port.out.StoredAccount;
import io.codexlb.port.out.StoredApiKey;
import io.codexlb.port.out.TestAccounts;
import io.codexlb.port.out.UsageDelta;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Opening the store file: creation, schema versions, and the faults an operator can cause. */
class SqliteStoreTest {

  @RegisterExtension final TempStores stores = new TempStores();

  @TempDir Path dir;

  @Test
  void aFreshFileIsPrivateInWalModeAndAtTheLatestSchema() throws Exception {
    Path file = dir.resolve("store.db");

    SqliteStore store = open(file, true);

    assertThat(store.schemaVersion()).isEqualTo(SqliteStore.latestSchemaVersion()).isPositive();
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
    assertThat(TestSql.queryLong(file, "SELECT MAX(version) FROM schema_migrations"))
        .isEqualTo(SqliteStore.latestSchemaVersion());
    assertThat(TestSql.queryString(file, "PRAGMA journal_mode")).isEqualTo("wal");
  }

  @Test
  void theNativeLibraryLoadsAheadOfAnOpenFromAnotherThreadAndTheOpenUsesIt() throws Exception {
    CompletableFuture<Boolean> loaded =
        CompletableFuture.supplyAsync(SqliteStore::loadNativeLibrary);
    SqliteStore store = open(dir.resolve("store.db"), true);

    assertThat(loaded.get()).isTrue();
    assertThat(SqliteStore.loadNativeLibrary()).isTrue(); // once loaded, it stays
    assertThat(pragma(store, "journal_mode")).isEqualTo("wal");
  }

  @Test
  void theConnectionEnforcesForeignKeysAndSyncsEveryCommit() throws Exception {
    SqliteStore store = open(dir.resolve("store.db"), true);

    assertThat(pragma(store, "foreign_keys")).isEqualTo("1");
    assertThat(pragma(store, "synchronous")).isEqualTo("2"); // FULL
    assertThat(pragma(store, "busy_timeout"))
        .isEqualTo(String.valueOf(SqliteStore.BUSY_TIMEOUT_MILLIS));
  }

  @Test
  void reopeningAppliesNothingTwiceAndKeepsTheData() throws Exception {
    Path file = dir.resolve("store.db");
    SqliteStore first = open(file, true);
    await(first.ports().metadata().claimKeyFingerprint("fp-1"));
    await(first.close());
    long appliedAt =
        TestSql.queryLong(file, "SELECT applied_at FROM schema_migrations WHERE version = 1");

    SqliteStore second = open(file, true);

    assertThat(second.schemaVersion()).isEqualTo(SqliteStore.latestSchemaVersion());
    assertThat(TestSql.queryLong(file, "SELECT COUNT(*) FROM schema_migrations"))
        .isEqualTo(Migration.all().size());
    assertThat(
            TestSql.queryLong(file, "SELECT applied_at FROM schema_migrations WHERE version = 1"))
        .isEqualTo(appliedAt);
    assertThat(TestSql.queryString(file, "SELECT value FROM store_metadata")).isEqualTo("fp-1");
  }

  @Test
  void withMigrationsOffAnUpToDateStoreOpens() throws Exception {
    Path file = dir.resolve("store.db");
    await(open(file, true).close());

    assertThat(open(file, false).schemaVersion()).isEqualTo(SqliteStore.latestSchemaVersion());
  }

  @Test
  void aStoreFromANewerCodexLbIsRefusedNamingBothVersions() throws Exception {
    Path file = dir.resolve("store.db");
    await(open(file, true).close());
    TestSql.execute(
        file,
        "INSERT INTO schema_migrations (version, description, applied_at)"
            + " VALUES (99, 'from the future', 0)");

    assertThatThrownBy(() -> open(file, true))
        .isInstanceOfSatisfying(
            SqliteStoreException.class,
            e -> assertThat(e.problem()).isEqualTo(Problem.SCHEMA_TOO_NEW))
        .hasMessageContaining("schema version 99")
        .hasMessageContaining("version " + SqliteStore.latestSchemaVersion() + " this codex-lb")
        .hasMessageContaining("upgrade codex-lb")
        .hasMessageNotContaining("\n");
  }

  @Test
  void withMigrationsOffAnEmptyFileIsRefusedAndLeftUnmigrated() throws Exception {
    Path file = dir.resolve("store.db");

    assertThatThrownBy(() -> open(file, false))
        .isInstanceOfSatisfying(
            SqliteStoreException.class,
            e -> assertThat(e.problem()).isEqualTo(Problem.SCHEMA_TOO_OLD))
        .hasMessageContaining("schema version 0")
        .hasMessageContaining("needs version " + SqliteStore.latestSchemaVersion())
        .hasMessageContaining("CODEX_LB_DATABASE_MIGRATE_ON_STARTUP=true");
    assertThat(
            TestSql.queryLong(
                file,
                "SELECT COUNT(*) FROM sqlite_master WHERE name IN ('schema_migrations', 'accounts')"))
        .isZero();
  }

  @Test
  void aFileOfRandomBytesIsReportedAsCorrupt() throws Exception {
    Path file = dir.resolve("store.db");
    byte[] noise = new byte[16_384];
    new Random(4).nextBytes(noise);
    Files.write(file, noise);

    assertThatThrownBy(() -> open(file, true))
        .isInstanceOfSatisfying(
            SqliteStoreException.class, e -> assertThat(e.problem()).isEqualTo(Problem.CORRUPT))
        .hasMessageStartingWith("sqlite store " + file + " is corrupt or not a SQLite database")
        .hasMessageContaining("restore it from a backup")
        .hasMessageNotContaining("\n");
    assertThat(Files.readAllBytes(file)).isEqualTo(noise);
  }

  @Test
  void aDamagedTableIsCaughtByTheIntegrityCheck() throws Exception {
    Path file = dir.resolve("store.db");
    SqliteStore store = open(file, true);
    await(store.ports().metadata().claimKeyFingerprint("x".repeat(2_000)));
    await(store.close());
    TestSql.execute(file, "PRAGMA wal_checkpoint(TRUNCATE)");
    byte[] bytes = Files.readAllBytes(file);
    int pageSize = 4_096;
    // Overwrite every page after the first (the header and schema stay readable) with garbage
    // that keeps no b-tree page valid.
    for (int i = pageSize * 2; i < bytes.length; i++) {
      bytes[i] = (byte) 0xA5;
    }
    Files.write(file, bytes);

    assertThatThrownBy(() -> open(file, true))
        .isInstanceOfSatisfying(
            SqliteStoreException.class, e -> assertThat(e.problem()).isEqualTo(Problem.CORRUPT))
        .hasMessageContaining("is corrupt")
        .hasMessageNotContaining("\n");
  }

  @Test
  void aReadOnlyDataDirectoryIsReportedAsSuch() throws Exception {
    Path readOnly = Files.createDirectory(dir.resolve("read-only"));
    try (ReadOnlyDirectory ignored = ReadOnlyDirectory.of(readOnly)) {
      Path file = readOnly.resolve("store.db");

      assertThatThrownBy(() -> open(file, true))
          .isInstanceOfSatisfying(
              SqliteStoreException.class, e -> assertThat(e.problem()).isEqualTo(Problem.READ_ONLY))
          .hasMessageContaining("data directory " + readOnly + " is read-only")
          .hasMessageNotContaining("\n");
      assertThat(file).doesNotExist();
    }
  }

  @Test
  void anExistingStoreInAReadOnlyDirectoryIsRefusedBecauseWalNeedsToWriteThere() throws Exception {
    Path data = Files.createDirectory(dir.resolve("data"));
    Path file = data.resolve("store.db");
    await(open(file, true).close());
    try (ReadOnlyDirectory ignored = ReadOnlyDirectory.of(data)) {

      assertThatThrownBy(() -> open(file, true))
          .isInstanceOfSatisfying(
              SqliteStoreException.class,
              e -> assertThat(e.problem()).isEqualTo(Problem.READ_ONLY));
    }
  }

  @Test
  void anUnreadableFileIsReportedAsSuch() throws Exception {
    Path file = dir.resolve("store.db");
    await(open(file, true).close());
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("---------"));
    assumeThat(Files.isReadable(file)).as("not running as root, who reads anything").isFalse();

    assertThatThrownBy(() -> open(file, true))
        .isInstanceOfSatisfying(
            SqliteStoreException.class, e -> assertThat(e.problem()).isEqualTo(Problem.UNREADABLE))
        .hasMessageContaining("cannot be read");
  }

  @Test
  void aDirectoryInPlaceOfTheFileIsReportedAsSuch() throws Exception {
    Path file = Files.createDirectory(dir.resolve("store.db"));

    assertThatThrownBy(() -> open(file, true))
        .isInstanceOfSatisfying(
            SqliteStoreException.class, e -> assertThat(e.problem()).isEqualTo(Problem.UNREADABLE))
        .hasMessage("sqlite store " + file + " is not a regular file");
  }

  @Test
  void aMissingDataDirectoryIsNotCreated() {
    Path missing = dir.resolve("missing");

    assertThatThrownBy(() -> open(missing.resolve("store.db"), true))
        .isInstanceOf(SqliteStoreException.class)
        .hasMessageContaining("data directory " + missing + " is missing");
    assertThat(missing).doesNotExist();
  }

  @Test
  void tokenPlaintextNeverReachesTheFiles() throws Exception {
    Path file = dir.resolve("store.db");
    SqliteStore store = open(file, true);
    SecretCipher cipher = new ReversingSecretCipher();
    StoredAccount account = TestAccounts.active("token-holder", cipher);

    await(store.ports().accounts().save(account));

    byte[] files = concat(file, dir.resolve("store.db-wal"));
    assertThat(indexOf(files, "refresh-token-holder".getBytes(UTF_8))).isEqualTo(-1);
    assertThat(indexOf(files, "access-token-holder".getBytes(UTF_8))).isEqualTo(-1);
    assertThat(indexOf(files, "id-token-holder".getBytes(UTF_8))).isEqualTo(-1);
    // The sealed bytes are there: the search looks where the tokens went.
    assertThat(indexOf(files, account.tokens().refreshToken().ciphertext())).isNotNegative();
  }

  @Test
  void everyJdbcCallRunsOnTheGivenExecutor() throws Exception {
    ExecutorService jdbcThread = stores.jdbcThread();
    List<String> threads = new ArrayList<>();
    Executor recording =
        task ->
            jdbcThread.execute(
                () -> {
                  synchronized (threads) {
                    threads.add(Thread.currentThread().getName());
                  }
                  task.run();
                });
    SqliteStore store = await(SqliteStore.open(dir.resolve("store.db"), recording, true));

    await(store.ports().settings().load());
    await(store.close());

    assertThat(threads).hasSize(3).containsOnly("sqlite-test-jdbc");
  }

  @Test
  void aClosedStoreFailsEveryCallAsClosed() throws Exception {
    SqliteStore store = open(dir.resolve("store.db"), true);
    await(store.close());

    assertThatThrownBy(() -> await(store.ports().accounts().findAll()))
        .isInstanceOfSatisfying(
            SqliteStoreException.class, e -> assertThat(e.problem()).isEqualTo(Problem.CLOSED));
  }

  @Test
  void anExecutorThatRefusesWorkFailsTheOpeningAsClosed() {
    ExecutorService stopped = stores.jdbcThread();
    stopped.shutdown();

    assertThatThrownBy(() -> await(SqliteStore.open(dir.resolve("store.db"), stopped, true)))
        .isInstanceOfSatisfying(
            SqliteStoreException.class, e -> assertThat(e.problem()).isEqualTo(Problem.CLOSED));
  }

  @Test
  void aWriteThatFailsHalfWayLeavesNothingBehind() throws Exception {
    Path file = dir.resolve("store.db");
    SqliteStore store = open(file, true);

    assertThatThrownBy(
            () ->
                await(
                    store
                        .jdbc()
                        .write(
                            connection -> {
                              Sql.update(
                                  connection,
                                  "INSERT INTO store_metadata (key, value) VALUES ('k', 'v')");
                              return Sql.update(connection, "INSERT INTO no_such_table VALUES (1)");
                            })))
        .isInstanceOfSatisfying(
            SqliteStoreException.class, e -> assertThat(e.problem()).isEqualTo(Problem.FAILED))
        .hasMessageStartingWith("sqlite store " + file + " failed: ")
        .hasMessageContaining("no such table");

    assertThat(TestSql.queryLong(file, "SELECT COUNT(*) FROM store_metadata")).isZero();
    assertThat(await(store.ports().settings().load()).version())
        .isZero(); // the connection still works
  }

  @Test
  void twoConnectionsToOneFileNeverLoseEachOthersUsage() throws Exception {
    // As when the CLI writes while the server runs: two connections, each on its own thread.
    Path file = dir.resolve("store.db");
    SqliteStore server = open(file, true);
    SqliteStore cli = open(file, true);
    ApiKeyId id = new ApiKeyId("k1");
    Instant now = Instant.parse("2026-03-03T12:00:00Z");
    await(
        server
            .ports()
            .apiKeys()
            .create(
                new StoredApiKey(
                    new ApiKey(
                        id,
                        "shared",
                        KeyHash.of("sk-clb-shared"),
                        "sk-clb-shared",
                        true,
                        null,
                        Set.of(),
                        now,
                        null),
                    List.of(KeyLimit.fresh(LimitType.REQUESTS, LimitWindow.DAILY, 1_000, now)))));
    List<UsageDelta> one = List.of(new UsageDelta(LimitType.REQUESTS, LimitWindow.DAILY, 1));

    List<CompletableFuture<List<KeyLimit>>> all = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      all.add(server.ports().apiKeys().addUsage(id, one, now).toCompletableFuture());
      all.add(cli.ports().apiKeys().addUsage(id, one, now).toCompletableFuture());
    }
    CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();

    assertThat(await(cli.ports().apiKeys().find(id)).orElseThrow().limits())
        .extracting(KeyLimit::currentValue)
        .containsExactly(200L);
  }

  private SqliteStore open(Path file, boolean migrate) {
    SqliteStore store = await(SqliteStore.open(file, stores.jdbcThread(), migrate));
    return store;
  }

  /** A setting of the store's own connection, read on its JDBC thread. */
  private static String pragma(SqliteStore store, String name) {
    return await(
        store
            .jdbc()
            .call(
                connection -> {
                  try (Statement statement = connection.createStatement();
                      ResultSet rows = statement.executeQuery("PRAGMA " + name)) {
                    rows.next();
                    return rows.getString(1);
                  }
                }));
  }

  private static byte[] concat(Path... files) throws Exception {
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    for (Path file : files) {
      if (Files.exists(file)) {
        all.write(Files.readAllBytes(file));
      }
    }
    return all.toByteArray();
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
