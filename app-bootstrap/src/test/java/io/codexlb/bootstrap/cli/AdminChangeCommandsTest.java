package io.codexlb.bootstrap.cli;

import static io.codexlb.port.out.Stages.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.codexlb.domain.account.AccountId;
import io.codexlb.domain.account.AccountStatus;
import io.codexlb.domain.key.ApiKey;
import io.codexlb.domain.key.ApiKeyId;
import io.codexlb.port.out.AuditEntry;
import io.codexlb.port.out.InMemoryAccountRepository;
import io.codexlb.port.out.InMemoryAdminAuthRepository;
import io.codexlb.port.out.InMemoryApiKeyRepository;
import io.codexlb.port.out.InMemoryAuditLogRepository;
import io.codexlb.port.out.InMemorySettingsRepository;
import io.codexlb.port.out.ReversingSecretCipher;
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
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The commands that change an existing key or account ({@code keys update|disable|enable|delete|
 * reset-usage}, {@code accounts pause|reactivate|delete}): through the admin API's use cases, so
 * with their checks and an audit entry by {@code cli} from {@code local}.
 */
class AdminChangeCommandsTest {

  private static final Instant NOW = Instant.parse("2026-11-27T12:00:00Z");

  @TempDir Path dir;

  private final InMemoryAccountRepository accounts = new InMemoryAccountRepository();
  private final InMemoryApiKeyRepository keys = new InMemoryApiKeyRepository();
  private final InMemoryAuditLogRepository audit = new InMemoryAuditLogRepository();
  private final CapturedConsole captured = new CapturedConsole();

  @Test
  void disableAndEnableAKeyAreAuditedAsTheCommandLine() {
    String id = createKey();

    assertThat(run("keys", "disable", id)).isZero();
    assertThat(captured.stdout()).isEqualTo("key " + id + " disabled\n");
    assertThat(key(id).active()).isFalse();

    assertThat(run("keys", "enable", id)).isZero();
    assertThat(key(id).active()).isTrue();

    List<AuditEntry> entries = audit.all();
    assertThat(entries)
        .extracting(AuditEntry::action)
        .containsSubsequence("api_key.update", "api_key.update");
    assertThat(entries)
        .allSatisfy(
            entry -> {
              assertThat(entry.actor()).isEqualTo("cli");
              assertThat(entry.address()).isEqualTo("local");
            });
  }

  @Test
  void updateChangesOnlyTheGivenFields() {
    String id = createKey();

    assertThat(
            run(
                "keys",
                "update",
                id,
                "--name",
                "renamed",
                "--expires-at",
                "2027-01-31",
                "--limit",
                "requests:daily:5"))
        .isZero();

    StoredApiKey stored = await(keys.find(new ApiKeyId(id))).orElseThrow();
    assertThat(stored.key().name()).isEqualTo("renamed");
    assertThat(stored.key().expiresAt()).isEqualTo(Instant.parse("2027-01-31T00:00:00Z"));
    assertThat(stored.key().active()).isTrue();
    assertThat(stored.limits()).hasSize(1);

    assertThat(run("keys", "update", id, "--no-expiry")).isZero();
    assertThat(key(id).expiresAt()).isNull();
    assertThat(key(id).name()).isEqualTo("renamed");
  }

  @Test
  void anUpdateThatTheUseCaseRefusesExitsTwoAndChangesNothing() {
    String id = createKey();

    assertThat(run("keys", "update", id, "--expires-at", "2020-01-01")).isEqualTo(2);

    assertThat(captured.stderr()).startsWith("codex-lb: ").contains("expires_at");
    assertThat(key(id).expiresAt()).isNull();
  }

  @Test
  void badUsageIsRefusedBeforeAnythingRuns() {
    assertThat(usageError("keys", "update", "key-1")).contains("nothing to change");
    assertThat(usageError("keys", "update", "key-1", "--expires-at", "2027-01-01", "--no-expiry"))
        .contains("--no-expiry");
    assertThat(usageError("keys", "update", "key-1", "--limit", "requests:weekly:x"))
        .contains("max 'x'");
  }

  @Test
  void anUnknownKeyFailsWithOneAndNamesIt() {
    assertThat(run("keys", "delete", "no-such-key")).isEqualTo(1);

    assertThat(captured.stderr())
        .isEqualTo("codex-lb: no API key has id no-such-key (see: keys list)\n");
    assertThat(audit.all()).isEmpty();
  }

  @Test
  void resetUsageAndDeleteAKey() {
    String id = createKey();

    assertThat(run("keys", "reset-usage", id)).isZero();
    assertThat(run("keys", "delete", id)).isZero();

    assertThat(captured.stdout())
        .contains("key " + id + " usage reset\n", "key " + id + " deleted\n");
    assertThat(await(keys.find(new ApiKeyId(id)))).isEmpty();
    assertThat(audit.all()).extracting(AuditEntry::action).contains("api_key.delete");
  }

  @Test
  void pauseReactivateAndDeleteAnAccount() throws IOException {
    assertThat(run("accounts", "import", authJson("acc-1").toString())).isZero();

    assertThat(run("accounts", "pause", "acc-1")).isZero();
    assertThat(status("acc-1")).isEqualTo(AccountStatus.PAUSED);
    assertThat(run("accounts", "reactivate", "acc-1")).isZero();
    assertThat(status("acc-1")).isEqualTo(AccountStatus.ACTIVE);
    assertThat(run("accounts", "delete", "acc-1")).isZero();
    assertThat(await(accounts.find(new AccountId("acc-1")))).isEmpty();

    assertThat(captured.stdout())
        .endsWith("account acc-1 paused\naccount acc-1 reactivated\naccount acc-1 deleted\n");
    assertThat(audit.all())
        .filteredOn(
            entry ->
                entry.action().startsWith("account.") && !entry.action().equals("account.import"))
        .extracting(AuditEntry::action, AuditEntry::actor, AuditEntry::address)
        .hasSize(3)
        .allSatisfy(row -> assertThat(row.toList()).containsSubsequence("cli", "local"));
  }

  @Test
  void anUnknownAccountFailsWithOne() {
    assertThat(run("accounts", "pause", "nobody")).isEqualTo(1);

    assertThat(captured.stderr())
        .isEqualTo("codex-lb: no account has id nobody (see: accounts list)\n");
  }

  private String createKey() {
    assertThat(run("keys", "create", "--name", "ci")).isZero();
    String id = await(keys.findAll()).get(0).key().id().value();
    captured.clear();
    return id;
  }

  private ApiKey key(String id) {
    return await(keys.find(new ApiKeyId(id))).orElseThrow().key();
  }

  private AccountStatus status(String id) {
    return await(accounts.find(new AccountId(id))).orElseThrow().account().effectiveStatus(NOW);
  }

  private String usageError(String... args) {
    Invocation invocation = CommandLineParser.parse(args);
    assertThat(invocation).isInstanceOf(Invocation.UsageError.class);
    return ((Invocation.UsageError) invocation).message();
  }

  private int run(String... args) {
    Invocation invocation = CommandLineParser.parse(args);
    assertThat(invocation).isInstanceOf(Invocation.Admin.class);
    return TestAdminCommands.over(
            accounts,
            keys,
            new InMemorySettingsRepository(),
            new InMemoryAdminAuthRepository(),
            audit,
            new ReversingSecretCipher(),
            new SplittableRandom(1),
            Clock.fixed(NOW, ZoneOffset.UTC))
        .run(((Invocation.Admin) invocation).command(), captured.console());
  }

  private Path authJson(String accountId) throws IOException {
    String claims =
        "{\"email\":\"ada@example.com\",\"https://api.openai.com/auth\":{\"chatgpt_account_id\":\""
            + accountId
            + "\",\"chatgpt_plan_type\":\"pro\"}}";
    Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
    String idToken =
        base64.encodeToString("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8))
            + "."
            + base64.encodeToString(claims.getBytes(StandardCharsets.UTF_8))
            + ".sig";
    return Files.writeString(
        dir.resolve(accountId + ".json"),
        "{\"tokens\":{\"id_token\":\""
            + idToken
            + "\",\"access_token\":\"access\",\"refresh_token\":\"refresh\",\"account_id\":\""
            + accountId
            + "\"},\"last_refresh\":\"2026-11-27T11:00:00Z\"}");
  }
}
