package io.codexlb.bootstrap.store;

import io.codexlb.bootstrap.config.ConfigLoader;
import io.codexlb.bootstrap.config.ServerConfig;
import io.codexlb.bootstrap.secrets.EncryptionKeyFile;
import io.codexlb.bootstrap.wiring.StoreModule;
import io.codexlb.domain.account.Account;
import io.codexlb.domain.account.AccountId;
import io.codexlb.domain.account.PlanType;
import io.codexlb.domain.key.ApiKey;
import io.codexlb.domain.key.ApiKeyId;
import io.codexlb.domain.key.KeyHash;
import io.codexlb.domain.limit.KeyLimit;
import io.codexlb.domain.limit.LimitType;
import io.codexlb.domain.limit.LimitWindow;
import io.codexlb.domain.settings.RoutingSettings;
import io.codexlb.port.out.AccountTokens;
import io.codexlb.port.out.SecretCipher;
import io.codexlb.port.out.SettingsSave;
import io.codexlb.port.out.StoredAccount;
import io.codexlb.port.out.StoredApiKey;
import io.codexlb.port.out.UsageDelta;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A process that writes to the configured store as fast as it can and prints one line per write the
 * store acknowledged, until it is killed: what {@link CrashSafetyTest} kills with SIGKILL. Opens
 * the store through the production opener and key check. Each line is {@code ack <kind> <fields>};
 * a write is acknowledged when its stage completed, which is when the server would answer a client.
 *
 * <p>Arguments: the run's id prefix. The store comes from the environment ({@code
 * CODEX_LB_DATA_DIR}, {@code CODEX_LB_DATABASE_URL}), as for the server.
 */
public final class CrashWriter {

  static final int ACCOUNTS = 3;

  private CrashWriter() {}

  public static void main(String[] args) {
    try {
      writeUntilKilled(args[0]);
    } catch (RuntimeException e) {
      // Vert.x threads would keep a failed writer alive; the test must see it end.
      e.printStackTrace();
      System.exit(3);
    }
  }

  private static void writeUntilKilled(String run) {
    ServerConfig config =
        new ConfigLoader(Map.of(), System.getenv(), Path.of("/tmp"), Path.of("/tmp")).load();
    SecretCipher cipher = EncryptionKeyFile.cipher(config.encryptionKeyFile(), new SecureRandom());
    Vertx vertx = Vertx.vertx();
    Store store =
        new KeyCheckedStoreOpener(
                StoreModule.storeOpener(config, vertx, StoreRole.SERVER), cipher, "key file")
            .open()
            .toCompletableFuture()
            .join();
    System.out.println("open");
    System.out.flush();
    for (int i = 0; ; i++) {
      Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
      ApiKeyId keyId = new ApiKeyId(run + "-k" + i);
      ApiKey key =
          new ApiKey(
              keyId,
              "crash " + i,
              KeyHash.of("sk-clb-" + run + "-" + i),
              "sk-clb-" + i,
              true,
              null,
              Set.of(),
              now,
              null);
      KeyLimit limit =
          KeyLimit.fresh(LimitType.TOTAL_TOKENS, LimitWindow.MONTHLY, 1_000_000_000L, now);
      store
          .ports()
          .apiKeys()
          .create(new StoredApiKey(key, List.of(limit)))
          .toCompletableFuture()
          .join();
      ack("key " + keyId.value());

      long amount = i + 1;
      store
          .ports()
          .apiKeys()
          .addUsage(
              keyId,
              List.of(new UsageDelta(LimitType.TOTAL_TOKENS, LimitWindow.MONTHLY, amount)),
              now)
          .toCompletableFuture()
          .join();
      ack("usage " + keyId.value() + " " + amount);

      RoutingSettings current = store.ports().settings().load().toCompletableFuture().join();
      long ttlSeconds = 60 + i;
      RoutingSettings proposed =
          new RoutingSettings(
              current.routingStrategy(),
              current.preferEarlierReset(),
              current.stickyThreadsEnabled(),
              Duration.ofSeconds(ttlSeconds),
              current.accountStreamLimit(),
              current.accountInflightPenaltyPct(),
              current.requestLogRetentionDays(),
              current.version());
      if (store.ports().settings().save(proposed).toCompletableFuture().join()
          instanceof SettingsSave.Saved saved) {
        ack("settings " + saved.stored().version() + " " + ttlSeconds);
      }

      AccountId accountId = new AccountId(run + "-a" + (i % ACCOUNTS));
      Account account = Account.of(accountId, PlanType.PLUS).withLabel("v" + i);
      store
          .ports()
          .accounts()
          .save(
              new StoredAccount(
                  account,
                  "chatgpt-" + accountId.value(),
                  Optional.empty(),
                  new AccountTokens(
                      cipher.seal("access-" + i), cipher.seal("refresh-" + i), cipher.seal("id")),
                  now,
                  now))
          .toCompletableFuture()
          .join();
      ack("account " + accountId.value() + " " + i);
    }
  }

  private static void ack(String write) {
    System.out.println("ack " + write);
    System.out.flush();
  }
}
