package io.codexlb.bootstrap.cli;

import static io.codexlb.port.out.Stages.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.codexlb.adapter.sqlite.SqliteStoreFile;
import io.codexlb.bootstrap.secrets.AesGcmSecretCipher;
import io.codexlb.bootstrap.secrets.EncryptionKeyFile;
import io.codexlb.bootstrap.store.SqliteStoreOpener;
import io.codexlb.bootstrap.store.Store;
import io.codexlb.domain.account.AccountId;
import io.codexlb.port.out.StoredAccount;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The provisioning commands end to end on the embedded store, with the real cipher and key file:
 * what they write survives a reopen, and no file of the store contains a token or a key.
 */
class AdminCommandsOnSqliteTest {

  private static final String ACCESS = "ACCESS-TOKEN-PLAINTEXT-0123456789";
  private static final String REFRESH = "REFRESH-TOKEN-PLAINTEXT-0123456789";

  @TempDir Path dir;

  private final ExecutorService jdbc = Executors.newSingleThreadExecutor();
  private final CapturedConsole captured = new CapturedConsole();

  @AfterEach
  void stopJdbcThread() {
    jdbc.shutdownNow();
  }

  @Test
  void importedTokensAndCreatedKeysAreDurableAndNeverStoredInTheClear() throws IOException {
    String idToken = idToken();
    Path authJson =
        Files.writeString(
            dir.resolve("auth.json"),
            "{\"tokens\":{\"id_token\":\""
                + idToken
                + "\",\"access_token\":\""
                + ACCESS
                + "\",\"refresh_token\":\""
                + REFRESH
                + "\"},\"last_refresh\":\"2026-11-27T11:00:00Z\"}");

    assertThat(run("accounts", "import", authJson.toString())).isZero();
    assertThat(run("keys", "create", "--name", "ci", "--limit", "requests:daily:10")).isZero();
    String key = captured.stdout().lines().reduce((first, second) -> second).orElseThrow();
    captured.clear();

    assertThat(run("accounts", "list")).isZero();
    assertThat(run("keys", "list")).isZero();
    assertThat(captured.stdout())
        .startsWith("acc-sqlite\tada@example.com\tpro\tactive\n")
        .contains("\tci\t" + key.substring(0, 15) + "\tactive\t")
        .doesNotContain(key);
    assertThat(openedAccessToken()).isEqualTo(ACCESS);

    for (Path file : storeFiles()) {
      String bytes = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
      assertThat(bytes)
          .as(file.getFileName().toString())
          .doesNotContain(ACCESS)
          .doesNotContain(REFRESH)
          .doesNotContain(idToken)
          .doesNotContain(key);
    }
  }

  private int run(String... args) {
    Path file = dir.resolve("store.db");
    SqliteStoreFile.createIfMissing(file);
    AesGcmSecretCipher cipher = cipher();
    AdminSession session =
        new AdminSession(
            new SqliteStoreOpener(file, jdbc, true),
            store ->
                TestAdminCommands.over(
                    store.ports().accounts(),
                    store.ports().apiKeys(),
                    store.ports().settings(),
                    cipher,
                    new SecureRandom(),
                    Clock.systemUTC()));
    return session.run(
        ((Invocation.Admin) CommandLineParser.parse(args)).command(), captured.console());
  }

  private String openedAccessToken() {
    Store store = await(new SqliteStoreOpener(dir.resolve("store.db"), jdbc, false).open());
    try {
      StoredAccount account =
          await(store.ports().accounts().find(new AccountId("acc-sqlite"))).orElseThrow();
      return cipher().open(account.tokens().accessToken());
    } finally {
      await(store.close());
    }
  }

  private AesGcmSecretCipher cipher() {
    return EncryptionKeyFile.cipher(dir.resolve("encryption.key"), new SecureRandom());
  }

  private Iterable<Path> storeFiles() throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(f -> f.getFileName().toString().startsWith("store.db")).toList();
    }
  }

  private static String idToken() {
    Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
    String claims =
        "{\"email\":\"ada@example.com\",\"https://api.openai.com/auth\":"
            + "{\"chatgpt_account_id\":\"acc-sqlite\",\"chatgpt_plan_type\":\"pro\"}}";
    return base64.encodeToString("{\"alg\":\"RS256\"}".getBytes(StandardCharsets.UTF_8))
        + "."
        + base64.encodeToString(claims.getBytes(StandardCharsets.UTF_8))
        + ".SIGNATURE-PLAINTEXT";
  }
}
