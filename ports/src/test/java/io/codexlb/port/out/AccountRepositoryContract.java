package io.codexlb.port.out;

import static io.codexlb.port.out.Stages.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.codexlb.domain.account.Account;
import io.codexlb.domain.account.AccountEvent;
import io.codexlb.domain.account.AccountId;
import io.codexlb.domain.account.PlanType;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@link AccountRepository}. An adapter's test extends this class and returns a
 * fresh, empty repository from {@link #newRepository()} for each test.
 */
public abstract class AccountRepositoryContract {

  private final SecretCipher cipher = new ReversingSecretCipher();

  /** A repository over an empty store. */
  protected abstract AccountRepository newRepository() throws Exception;

  @Test
  void anEmptyStoreHasNoAccounts() throws Exception {
    AccountRepository repository = newRepository();

    assertThat(await(repository.findAll())).isEmpty();
    assertThat(await(repository.find(new AccountId("nobody")))).isEmpty();
  }

  @Test
  void everyStateReadsBackEqual() throws Exception {
    AccountRepository repository = newRepository();
    List<StoredAccount> written =
        TestAccounts.inEveryState().stream()
            .map(account -> TestAccounts.stored(account, cipher))
            .toList();

    for (StoredAccount account : written) {
      await(repository.save(account));
    }

    assertThat(await(repository.findAll())).containsExactlyElementsOf(written);
    for (StoredAccount account : written) {
      assertThat(await(repository.find(account.id()))).contains(account);
    }
  }

  @Test
  void findAllIsOrderedById() throws Exception {
    AccountRepository repository = newRepository();
    await(repository.save(TestAccounts.active("zulu", cipher)));
    await(repository.save(TestAccounts.active("alpha", cipher)));
    await(repository.save(TestAccounts.active("mike", cipher)));

    assertThat(await(repository.findAll()))
        .extracting(account -> account.id().value())
        .containsExactly("alpha", "mike", "zulu");
  }

  @Test
  void savingAgainReplacesEveryField() throws Exception {
    AccountRepository repository = newRepository();
    StoredAccount first = TestAccounts.active("acct", cipher);
    await(repository.save(first));
    Account limited =
        first
            .account()
            .withPlan(PlanType.PRO)
            .withLabel("renamed")
            .on(
                new AccountEvent.RateLimitHit(
                    Optional.of(TestAccounts.T0.plusSeconds(60)), Optional.empty()),
                TestAccounts.T0);
    StoredAccount second =
        new StoredAccount(
            limited,
            "chatgpt-other",
            Optional.empty(),
            new AccountTokens(cipher.seal("a2"), cipher.seal("r2"), cipher.seal("i2")),
            TestAccounts.T0.plusSeconds(1),
            first.createdAt());

    await(repository.save(second));

    assertThat(await(repository.findAll())).containsExactly(second);
  }

  @Test
  void sealedTokensAreStoredAsTheyAre() throws Exception {
    AccountRepository repository = newRepository();
    StoredAccount account = TestAccounts.active("acct", cipher);
    await(repository.save(account));

    AccountTokens tokens = await(repository.find(account.id())).orElseThrow().tokens();

    assertThat(cipher.open(tokens.accessToken())).isEqualTo("access-acct");
    assertThat(cipher.open(tokens.refreshToken())).isEqualTo("refresh-acct");
    assertThat(cipher.open(tokens.idToken())).isEqualTo("id-acct");
  }

  @Test
  void deleteRemovesOnlyThatAccountAndSaysWhetherItExisted() throws Exception {
    AccountRepository repository = newRepository();
    await(repository.save(TestAccounts.active("keep", cipher)));
    await(repository.save(TestAccounts.active("drop", cipher)));

    assertThat(await(repository.delete(new AccountId("drop")))).isTrue();
    assertThat(await(repository.delete(new AccountId("drop")))).isFalse();
    assertThat(await(repository.findAll()))
        .extracting(account -> account.id().value())
        .containsExactly("keep");
  }
}
