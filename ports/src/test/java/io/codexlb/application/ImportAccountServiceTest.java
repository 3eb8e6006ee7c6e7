package io.codexlb.application;

import static io.codexlb.port.out.Stages.await;
import static io.codexlb.port.out.TestAccounts.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.codexlb.domain.account.Account;
import io.codexlb.domain.account.AccountId;
import io.codexlb.domain.account.AccountState;
import io.codexlb.domain.account.AccountStatus;
import io.codexlb.domain.account.ErrorStreak;
import io.codexlb.domain.account.PermanentAuthFailure;
import io.codexlb.domain.account.PlanType;
import io.codexlb.domain.admin.AdminActor;
import io.codexlb.port.in.ImportAccountCommand;
import io.codexlb.port.in.ImportAccountResult;
import io.codexlb.port.out.AuditEntry;
import io.codexlb.port.out.InMemoryAccountRepository;
import io.codexlb.port.out.InMemoryAuditLogRepository;
import io.codexlb.port.out.ReversingSecretCipher;
import io.codexlb.port.out.StoredAccount;
import io.codexlb.port.out.TestAccounts;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ImportAccountServiceTest {

  private static final Instant LAST_REFRESH = T0.minusSeconds(600);

  private final InMemoryAccountRepository accounts = new InMemoryAccountRepository();
  private final ReversingSecretCipher cipher = new ReversingSecretCipher();
  private final InMemoryAuditLogRepository audit = new InMemoryAuditLogRepository();
  private final ImportAccountService service =
      new ImportAccountService(accounts, cipher, new AuditTrail(audit));

  @Test
  void eachImportIsAuditedWithoutItsTokens() {
    await(service.importAccount(login("acc-1", PlanType.PRO, "v1")));
    await(service.importAccount(login("acc-1", PlanType.PLUS, "v2")));

    assertThat(audit.all())
        .extracting(AuditEntry::action, AuditEntry::actor, AuditEntry::address)
        .containsExactly(
            tuple("account.import", "cli", "local"), tuple("account.import", "cli", "local"));
    assertThat(audit.all().get(0).before()).isEmpty();
    assertThat(audit.all().get(1).before())
        .hasValueSatisfying(json -> assertThat(json).contains("pro"));
    assertThat(audit.all().toString()).doesNotContain("access-v", "refresh-v", "id-v1", "id-v2");
  }

  @Test
  void aNewLoginBecomesAnActiveAccountWithSealedTokens() {
    ImportAccountResult result = await(service.importAccount(login("acc-1", PlanType.PRO, "v1")));

    assertThat(result).isEqualTo(new ImportAccountResult.Created(new AccountId("acc-1")));
    StoredAccount stored = stored("acc-1");
    assertThat(stored.account())
        .isEqualTo(Account.of(new AccountId("acc-1"), PlanType.PRO).withLabel("ada@example.com"));
    assertThat(stored.chatgptAccountId()).isEqualTo("acc-1");
    assertThat(stored.email()).contains("ada@example.com");
    assertThat(stored.lastRefresh()).isEqualTo(LAST_REFRESH);
    assertThat(stored.createdAt()).isEqualTo(T0);
    assertThat(cipher.open(stored.tokens().accessToken())).isEqualTo("access-v1");
    assertThat(cipher.open(stored.tokens().refreshToken())).isEqualTo("refresh-v1");
    assertThat(cipher.open(stored.tokens().idToken())).isEqualTo("id-v1");
    assertThat(new String(stored.tokens().accessToken().ciphertext(), StandardCharsets.UTF_8))
        .doesNotContain("access-v1");
  }

  @Test
  void importingTheSameAccountAgainReplacesItsCredentialsAndKeepsItsState() {
    Account paused =
        new Account(
            new AccountId("acc-1"),
            Optional.of("my alias"),
            PlanType.PLUS,
            AccountState.paused(),
            Optional.empty(),
            ErrorStreak.NONE);
    StoredAccount before = TestAccounts.stored(paused, cipher);
    await(accounts.save(before));

    ImportAccountResult result = await(service.importAccount(login("acc-1", PlanType.PRO, "v2")));

    assertThat(result).isEqualTo(new ImportAccountResult.Updated(new AccountId("acc-1")));
    List<StoredAccount> all = await(accounts.findAll());
    assertThat(all).hasSize(1);
    StoredAccount after = all.get(0);
    assertThat(after.account().state()).isEqualTo(AccountState.paused());
    assertThat(after.account().label()).contains("my alias");
    assertThat(after.account().plan()).isEqualTo(PlanType.PRO);
    assertThat(after.email()).contains("ada@example.com");
    assertThat(after.lastRefresh()).isEqualTo(LAST_REFRESH);
    assertThat(after.createdAt()).isEqualTo(before.createdAt());
    assertThat(cipher.open(after.tokens().accessToken())).isEqualTo("access-v2");
    assertThat(cipher.open(after.tokens().refreshToken())).isEqualTo("refresh-v2");
    assertThat(cipher.open(after.tokens().idToken())).isEqualTo("id-v2");
  }

  @Test
  void aNewLoginEndsReauthRequired() {
    Account reauth =
        new Account(
            new AccountId("acc-1"),
            Optional.empty(),
            PlanType.PLUS,
            new AccountState.Deactivated(
                PermanentAuthFailure.forErrorCode("refresh_token_reused").orElseThrow()),
            Optional.empty(),
            new ErrorStreak(3, Optional.of(T0)));
    await(accounts.save(TestAccounts.stored(reauth, cipher)));

    await(service.importAccount(login("acc-1", PlanType.PLUS, "v2")));

    assertThat(stored("acc-1").account().state().status()).isEqualTo(AccountStatus.ACTIVE);
    assertThat(stored("acc-1").account().errors()).isEqualTo(ErrorStreak.NONE);
  }

  @Test
  void withoutALastRefreshTheImportTimeIsRecorded() {
    ImportAccountCommand command =
        new ImportAccountCommand(
            "acc-2",
            Optional.empty(),
            PlanType.FREE,
            "a",
            "r",
            "i",
            Optional.empty(),
            AdminActor.CLI,
            T0);

    await(service.importAccount(command));

    assertThat(stored("acc-2").lastRefresh()).isEqualTo(T0);
    assertThat(stored("acc-2").email()).isEmpty();
    assertThat(stored("acc-2").account().label()).isEmpty();
  }

  @Test
  void theCommandNeverPrintsItsTokens() {
    assertThat(login("acc-1", PlanType.PRO, "v1").toString())
        .contains("acc-1")
        .doesNotContain("access-v1")
        .doesNotContain("refresh-v1")
        .doesNotContain("id-v1");
  }

  private StoredAccount stored(String id) {
    return await(accounts.find(new AccountId(id))).orElseThrow();
  }

  private static ImportAccountCommand login(String id, PlanType plan, String version) {
    return new ImportAccountCommand(
        id,
        Optional.of("ada@example.com"),
        plan,
        "access-" + version,
        "refresh-" + version,
        "id-" + version,
        Optional.of(LAST_REFRESH),
        AdminActor.CLI,
        T0);
  }
}
