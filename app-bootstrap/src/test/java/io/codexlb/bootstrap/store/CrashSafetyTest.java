package io.codexlb.bootstrap.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.codexlb.adapter.postgres.testing.PostgresTestDatabase;
import io.codexlb.bootstrap.config.ConfigLoader;
import io.codexlb.bootstrap.config.ServerConfig;
import io.codexlb.bootstrap.secrets.EncryptionKeyFile;
import io.codexlb.bootstrap.wiring.StoreModule;
import io.codexlb.domain.account.AccountId;
import io.codexlb.domain.key.ApiKeyId;
import io.codexlb.domain.limit.KeyLimit;
import io.codexlb.domain.settings.RoutingSettings;
import io.codexlb.port.out.SecretCipher;
import io.codexlb.port.out.StoredAccount;
import io.codexlb.port.out.StoredApiKey;
import io.vertx.core.Vertx;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a process with SIGKILL while it writes to the store, restarts on the same store, and checks
 * that every write the store had acknowledged (keys, their limits and usage, settings, account
 * changes) is there, and that the store opens cleanly (for SQLite that includes {@code PRAGMA
 * quick_check}). What the server acknowledges to a client is exactly what such a stage completed.
 * Both open the store as a server, so on SQLite the restart also shows that the killed process's
 * one-server lock does not outlive it.
 */
class CrashSafetyTest {

  /** Enough acknowledged writes that the kill lands in the middle of a steady stream of them. */
  private static final int ACKS_BEFORE_KILL = 200;

  private static final long GIVE_UP_SECONDS = 120;

  /** 32 bytes in base64url: the encryption key of every run against the shared test database. */
  private static final String POSTGRES_TEST_KEY = "Y3Jhc2gtc2FmZXR5LXRlc3Qta2V5LTMyLWJ5dGVzISE=";

  @TempDir Path dataDir;

  @Test
  void everyAcknowledgedWriteSurvivesSigkillOnTheEmbeddedStore() throws Exception {
    Map<String, String> env = new HashMap<>();
    env.put("CODEX_LB_DATA_DIR", dataDir.toString());
    env.put("CODEX_LB_DATABASE_URL", "");

    killWhileWritingThenCheck(env);
  }

  @Test
  void everyAcknowledgedWriteSurvivesSigkillOnPostgres() throws Exception {
    // The shared test database keeps the fingerprint of the first key that used it: every run
    // brings the same key.
    Files.writeString(dataDir.resolve("encryption.key"), POSTGRES_TEST_KEY + "\n");
    Map<String, String> env = new HashMap<>();
    env.put("CODEX_LB_DATA_DIR", dataDir.toString());
    env.put("CODEX_LB_DATABASE_URL", PostgresTestDatabase.get().databaseUrl());

    killWhileWritingThenCheck(env);
  }

  private void killWhileWritingThenCheck(Map<String, String> env) throws Exception {
    String run = "crash-" + UUID.randomUUID().toString().substring(0, 8);
    Path writerLog = dataDir.resolve("writer.log");
    List<String> acks = writeUntilKilled(env, run, writerLog);
    assertThat(acks)
        .as("acknowledged writes before the kill; the writer said: %s", Files.readString(writerLog))
        .hasSizeGreaterThan(ACKS_BEFORE_KILL);

    ServerConfig config = new ConfigLoader(Map.of(), env, Path.of("/tmp"), Path.of("/tmp")).load();
    SecretCipher cipher = EncryptionKeyFile.cipher(config.encryptionKeyFile(), new SecureRandom());
    Vertx vertx = Vertx.vertx();
    try {
      Store store =
          new KeyCheckedStoreOpener(
                  StoreModule.storeOpener(config, vertx, StoreRole.SERVER), cipher, "key file")
              .open()
              .toCompletableFuture()
              .get(60, TimeUnit.SECONDS);
      try {
        checkEveryAck(store, cipher, acks);
      } finally {
        store.close().toCompletableFuture().get(30, TimeUnit.SECONDS);
      }
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
  }

  private static List<String> writeUntilKilled(Map<String, String> env, String run, Path log)
      throws Exception {
    List<String> command =
        List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-cp",
            System.getProperty("java.class.path"),
            CrashWriter.class.getName(),
            run);
    ProcessBuilder builder = new ProcessBuilder(command).redirectError(log.toFile());
    builder.environment().putAll(env);
    Process process = builder.start();
    List<String> acks = Collections.synchronizedList(new ArrayList<>());
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader lines =
                  new BufferedReader(
                      new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                  if (line.startsWith("ack ")) {
                    acks.add(line.substring(4));
                  }
                }
              } catch (IOException endOfStream) {
                // The process was killed.
              }
            });
    reader.start();
    try {
      // A writer that dies early stops the wait too: the caller's check then shows its log.
      await()
          .atMost(Duration.ofSeconds(GIVE_UP_SECONDS))
          .until(() -> acks.size() > ACKS_BEFORE_KILL || !process.isAlive());
    } finally {
      // SIGKILL: no shutdown hook, no flush, no close; the writes go on until this instant.
      process.destroyForcibly();
    }
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    reader.join(TimeUnit.SECONDS.toMillis(30));
    synchronized (acks) {
      return List.copyOf(acks);
    }
  }

  private static void checkEveryAck(Store store, SecretCipher cipher, List<String> acks)
      throws Exception {
    long lastSettingsVersion = -1;
    long lastSettingsTtl = -1;
    Map<String, Integer> lastAccountWrite = new HashMap<>();
    for (String ack : acks) {
      String[] fields = ack.split(" ");
      switch (fields[0]) {
        case "key":
          assertThat(find(store, fields[1])).as("acknowledged key %s", fields[1]).isNotNull();
          break;
        case "usage":
          StoredApiKey key = find(store, fields[1]);
          assertThat(key.limits())
              .as("usage of %s", fields[1])
              .extracting(KeyLimit::currentValue)
              .containsExactly(Long.parseLong(fields[2]));
          break;
        case "settings":
          lastSettingsVersion = Long.parseLong(fields[1]);
          lastSettingsTtl = Long.parseLong(fields[2]);
          break;
        case "account":
          lastAccountWrite.put(fields[1], Integer.parseInt(fields[2]));
          break;
        default:
          throw new AssertionError("unknown ack: " + ack);
      }
    }
    RoutingSettings settings = store.ports().settings().load().toCompletableFuture().get();
    assertThat(settings.version()).isGreaterThanOrEqualTo(lastSettingsVersion);
    if (settings.version() == lastSettingsVersion) {
      assertThat(settings.stickyTtl().toSeconds()).isEqualTo(lastSettingsTtl);
    }
    assertThat(lastAccountWrite).hasSize(CrashWriter.ACCOUNTS);
    for (Map.Entry<String, Integer> write : lastAccountWrite.entrySet()) {
      StoredAccount account =
          store
              .ports()
              .accounts()
              .find(new AccountId(write.getKey()))
              .toCompletableFuture()
              .get()
              .get();
      int stored = Integer.parseInt(account.account().label().orElseThrow().substring(1));
      assertThat(stored)
          .as("account %s keeps its last acknowledged write or a later one", write.getKey())
          .isGreaterThanOrEqualTo(write.getValue());
      assertThat(cipher.open(account.tokens().accessToken())).isEqualTo("access-" + stored);
    }
  }

  private static StoredApiKey find(Store store, String id) throws Exception {
    return store.ports().apiKeys().find(new ApiKeyId(id)).toCompletableFuture().get().orElse(null);
  }
}
