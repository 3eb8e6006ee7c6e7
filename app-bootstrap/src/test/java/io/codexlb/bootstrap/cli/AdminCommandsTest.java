package io.codexlb.bootstrap.cli;

import static io.codexlb.port.out.Stages.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.codexlb.domain.account.Account;
import io.codexlb.domain.account.AccountId;
import io.codexlb.domain.key.KeyHash;
import io.codexlb.domain.settings.RoutingSettings;
import io.codexlb.port.out.AccountRepository;
import io.codexlb.port.out.InMemoryAccountRepository;
import io.codexlb.port.out.InMemoryApiKeyRepository;
import io.codexlb.port.out.InMemorySettingsRepository;
import io.codexlb.port.out.ReversingSecretCipher;
import io.codexlb.port.out.StoredAccount;
import io.codexlb.port.out.StoredApiKey;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The provisioning commands from parsed arguments to output, over the in-memory store. */
class AdminCommandsTest {

  private static final Instant NOW = Instant.parse("2026-11-27T12:00:00Z");

  @TempDir Path dir;

  private final InMemoryAccountRepository accounts = new InMemoryAccountRepository();
  private final InMemoryApiKeyRepository keys = new InMemoryApiKeyRepository();
  private final InMemorySettingsRepository settings = new InMemorySettingsRepository();
  private final ReversingSecretCipher cipher = new ReversingSecretCipher();
  private final CapturedConsole captured = new CapturedConsole();

  @Test
  void importAddsTheAccountThenUpdatesIt() throws IOException {
    Path file = authJson("acc-1", "pro", "access-one");

    assertThat(run("accounts", "import", file.toString())).isZero();
    assertThat(captured.stdout()).isEqualTo("added account acc-1 (ada@example.com, pro)\n");

    Path again = authJson("acc-1", "plus", "access-two");
    captured.clear();
    assertThat(run("accounts", "import", again.toString())).isZero();
    assertThat(captured.stdout()).isEqualTo("updated account acc-1 (ada@example.com, plus)\n");

    List<StoredAccount> stored = await(accounts.findAll());
    assertThat(stored).hasSize(1);
    assertThat(cipher.open(stored.get(0).tokens().accessToken())).isEqualTo("access-two");
    assertThat(captured.stderr()).isEmpty();
  }

  @Test
  void listShowsEachAccountOnOneLine() throws IOException {
    run("accounts", "import", authJson("acc-1", "pro", "a").toString());
    run("accounts", "import", authJson("acc-2", "team", "b").toString());
    captured.clear();

    assertThat(run("accounts", "list")).isZero();

    assertThat(captured.stdout())
        .isEqualTo(
            "acc-1\tada@example.com\tpro\tactive\n" + "acc-2\tada@example.com\tteam\tactive\n");
  }

  @Test
  void listingNoAccountsSaysHowToAddOne() {
    assertThat(run("accounts", "list")).isZero();

    assertThat(captured.stdout()).isEmpty();
    assertThat(captured.stderr()).contains("accounts import");
  }

  @Test
  void anUnreadableFileFailsWithOneLineAndStoresNothing() {
    Path missing = dir.resolve("missing.json");

    assertThat(run("accounts", "import", missing.toString())).isEqualTo(1);

    assertThat(captured.stderr())
        .isEqualTo("codex-lb: " + missing + ": cannot be read (no such file)\n");
    assertThat(captured.stdout()).isEmpty();
    assertThat(await(accounts.findAll())).isEmpty();
  }

  @Test
  void invalidJsonFailsWithOneLineAndStoresNothing() throws IOException {
    Path file = Files.writeString(dir.resolve("auth.json"), "{\"tokens\": ");

    assertThat(run("accounts", "import", file.toString())).isEqualTo(1);

    assertThat(captured.stderr())
        .startsWith("codex-lb: " + file + ": invalid JSON")
        .hasLineCount(1);
    assertThat(await(accounts.findAll())).isEmpty();
  }

  @Test
  void anIdTokenThatIsNotAJwtFailsWithOneLineAndStoresNothing() throws IOException {
    Path file =
        Files.writeString(
            dir.resolve("auth.json"),
            "{\"tokens\":{\"id_token\":\"opaque\",\"access_token\":\"secret-access\","
                + "\"refresh_token\":\"r\"}}");

    assertThat(run("accounts", "import", file.toString())).isEqualTo(1);

    assertThat(captured.stderr())
        .contains("id_token: not a JWT")
        .doesNotContain("secret-access")
        .hasLineCount(1);
    assertThat(await(accounts.findAll())).isEmpty();
  }

  @Test
  void aStoreThatFailsIsOneLineAndExitOne() throws IOException {
    AdminCommands commands = commands(new FailingAccountRepository());
    Invocation.Admin admin =
        (Invocation.Admin)
            CommandLineParser.parse("accounts", "import", authJson("acc-1", "pro", "a").toString());

    assertThat(commands.run(admin.command(), captured.console())).isEqualTo(1);

    assertThat(captured.stderr())
        .isEqualTo("codex-lb: the store failed (IllegalStateException: disk on fire)\n");
  }

  @Test
  void createPrintsTheFullKeyAloneOnItsLineAndStoresOnlyItsHash() {
    int exit =
        run(
            "keys",
            "create",
            "--name",
            "ci bot",
            "--allowed-models",
            "gpt-5-codex,gpt-5",
            "--expires-at",
            "2027-01-01",
            "--limit",
            "total_tokens:daily:1000000",
            "--limit",
            "requests:5h:100");

    assertThat(exit).isZero();
    String key = captured.stdout().strip();
    assertThat(captured.stdout()).isEqualTo(key + "\n");
    assertThat(key).startsWith("sk-clb-").hasSize(50);
    StoredApiKey stored = await(keys.findByHash(KeyHash.of(key))).orElseThrow();
    assertThat(stored.key().name()).isEqualTo("ci bot");
    assertThat(stored.key().allowedModels()).containsExactly("gpt-5-codex", "gpt-5");
    assertThat(stored.key().expiresAt()).isEqualTo(Instant.parse("2027-01-01T00:00:00Z"));
    assertThat(stored.limits()).hasSize(2);
    assertThat(captured.stderr()).contains("created key " + stored.key().id()).doesNotContain(key);
  }

  @Test
  void anExpiryInThePastIsAUsageErrorAndStoresNothing() {
    assertThat(run("keys", "create", "--name", "x", "--expires-at", "2020-01-01T00:00:00Z"))
        .isEqualTo(2);

    assertThat(captured.stderr())
        .isEqualTo(
            "codex-lb: expiresAt: 2020-01-01T00:00:00Z (expected: after now, " + NOW + ")\n");
    assertThat(captured.stdout()).isEmpty();
    assertThat(await(keys.findAll())).isEmpty();
  }

  @Test
  void aDuplicateLimitIsAUsageErrorAndStoresNothing() {
    assertThat(
            run(
                "keys",
                "create",
                "--name",
                "x",
                "--limit",
                "requests:daily:1",
                "--limit",
                "requests:daily:2"))
        .isEqualTo(2);

    assertThat(captured.stderr()).contains("two requests:daily");
    assertThat(await(keys.findAll())).isEmpty();
  }

  @Test
  void settingsShowPrintsEverySettingAsNameEqualsValue() {
    assertThat(run("settings", "show")).isZero();

    assertThat(captured.stdout())
        .isEqualTo(
            "routing_strategy=capacity_weighted\nprefer_earlier_reset=false\n"
                + "sticky_threads_enabled=true\nsticky_ttl_seconds=1800\n"
                + "account_stream_limit=8\naccount_inflight_penalty_pct=2.5\n"
                + "request_log_retention_days=unset\nversion=0\n");
  }

  @Test
  void settingsSetStoresAndUnsetsTheRequestLogRetention() {
    assertThat(run("settings", "set", "request_log_retention_days=90")).isZero();
    assertThat(await(settings.load()).requestLogRetentionDays()).isEqualTo(90);
    assertThat(captured.stdout()).contains("request_log_retention_days=90\n");

    assertThat(run("settings", "set", "request_log_retention_days=unset")).isZero();
    assertThat(await(settings.load()).requestLogRetentionDays()).isNull();

    assertThat(run("settings", "set", "request_log_retention_days=forever")).isEqualTo(2);
    assertThat(run("settings", "set", "request_log_retention_days=36501")).isEqualTo(2);
    assertThat(captured.stderr()).contains("request_log_retention_days: forever");
    assertThat(captured.stderr()).contains("request_log_retention_days: 36501");
    assertThat(await(settings.load()).version()).isEqualTo(2);
  }

  @Test
  void settingsSetChangesTheNamedSettingsAndKeepsTheOthers() {
    assertThat(run("settings", "set", "sticky_threads_enabled=false", "account_stream_limit=3"))
        .isZero();

    RoutingSettings stored = await(settings.load());
    assertThat(stored.stickyThreadsEnabled()).isFalse();
    assertThat(stored.accountStreamLimit()).isEqualTo(3);
    assertThat(stored.routingStrategy().wireName()).isEqualTo("capacity_weighted");
    assertThat(stored.version()).isEqualTo(1);
    assertThat(captured.stdout()).contains("account_stream_limit=3\n", "version=1\n");
  }

  @Test
  void settingsSetWithBadValuesNamesEachAndChangesNothing() {
    assertThat(run("settings", "set", "sticky_threads_enabled=maybe", "sticky_ttl_seconds=5"))
        .isEqualTo(2);

    assertThat(captured.stderr()).contains("sticky_threads_enabled", "sticky_ttl_seconds");
    assertThat(await(settings.load()).version()).isZero();
  }

  @Test
  void settingsSetWithAnUnknownNameIsAUsageError() {
    Invocation invocation = CommandLineParser.parse("settings", "set", "sticky=false");

    assertThat(invocation).isInstanceOf(Invocation.UsageError.class);
    assertThat(((Invocation.UsageError) invocation).message()).contains("sticky: not a setting");
  }

  @Test
  void listShowsEachKeyByPrefixNeverTheKeyOrItsHash() {
    run("keys", "create", "--name", "ci", "--limit", "requests:daily:10");
    String key = captured.stdout().strip();
    StoredApiKey stored = await(keys.findByHash(KeyHash.of(key))).orElseThrow();
    captured.clear();

    assertThat(run("keys", "list")).isZero();

    assertThat(captured.stdout())
        .isEqualTo(
            stored.key().id()
                + "\tci\t"
                + stored.key().displayPrefix()
                + "\tactive\tnever expires\tall models\trequests:daily:10 (used 0)\n")
        .doesNotContain(key)
        .doesNotContain(stored.key().hash().hex());
  }

  private int run(String... args) {
    Invocation invocation = CommandLineParser.parse(args);
    assertThat(invocation).isInstanceOf(Invocation.Admin.class);
    return commands(accounts).run(((Invocation.Admin) invocation).command(), captured.console());
  }

  private AdminCommands commands(AccountRepository accountRepository) {
    return TestAdminCommands.over(
        accountRepository,
        keys,
        settings,
        cipher,
        new SplittableRandom(1),
        Clock.fixed(NOW, ZoneOffset.UTC));
  }

  private Path authJson(String accountId, String plan, String accessToken) throws IOException {
    String claims =
        "{\"email\":\"ada@example.com\",\"https://api.openai.com/auth\":{\"chatgpt_account_id\":\""
            + accountId
            + "\",\"chatgpt_plan_type\":\""
            + plan
            + "\"}}";
    Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
    String idToken =
        base64.encodeToString("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8))
            + "."
            + base64.encodeToString(claims.getBytes(StandardCharsets.UTF_8))
            + ".sig";
    return Files.writeString(
        dir.resolve(accountId + "-" + plan + ".json"),
        "{\"tokens\":{\"id_token\":\""
            + idToken
            + "\",\"access_token\":\""
            + accessToken
            + "\",\"refresh_token\":\"refresh\",\"account_id\":\""
            + accountId
            + "\"},\"last_refresh\":\"2026-11-27T11:00:00Z\"}");
  }

  /** A store that is down: every call fails. */
  private static final class FailingAccountRepository implements AccountRepository {

    @Override
    public CompletionStage<List<StoredAccount>> findAll() {
      return down();
    }

    @Override
    public CompletionStage<Optional<StoredAccount>> find(AccountId id) {
      return down();
    }

    @Override
    public CompletionStage<Void> save(StoredAccount account) {
      return down();
    }

    @Override
    public CompletionStage<Void> saveStates(List<Account> accounts) {
      return down();
    }

    @Override
    public CompletionStage<Boolean> delete(AccountId id) {
      return down();
    }

    @Override
    public CompletionStage<io.codexlb.port.out.RefreshClaim> claimRefresh(
        AccountId id,
        io.codexlb.port.out.SealedSecret refreshToken,
        String holder,
        java.time.Instant now,
        java.time.Duration ttl) {
      return down();
    }

    @Override
    public CompletionStage<io.codexlb.port.out.RefreshSave> storeRefreshed(
        AccountId id,
        io.codexlb.port.out.SealedSecret replaced,
        io.codexlb.port.out.AccountTokens tokens,
        java.time.Instant refreshedAt) {
      return down();
    }

    @Override
    public CompletionStage<Void> releaseRefreshClaim(AccountId id, String holder) {
      return down();
    }

    private static <T> CompletionStage<T> down() {
      return CompletableFuture.failedFuture(new IllegalStateException("disk on fire"));
    }
  }
}
