package io.codexlb.application;

import static io.codexlb.port.out.Stages.await;
import static io.codexlb.port.out.TestAccounts.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.codexlb.domain.account.Account;
import io.codexlb.domain.account.AccountId;
import io.codexlb.domain.account.AccountStatus;
import io.codexlb.domain.account.PlanType;
import io.codexlb.port.in.ListAccountsQuery;
import io.codexlb.port.in.ListAccountsResult;
import io.codexlb.port.out.InMemoryAccountRepository;
import io.codexlb.port.out.ReversingSecretCipher;
import io.codexlb.port.out.TestAccounts;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ListAccountsServiceTest {

  private final InMemoryAccountRepository accounts = new InMemoryAccountRepository();
  private final ListAccountsService service = new ListAccountsService(accounts);

  @Test
  void listsEveryAccountByIdWithItsStatusAtTheGivenInstant() {
    ReversingSecretCipher cipher = new ReversingSecretCipher();
    for (Account account : TestAccounts.inEveryState()) {
      await(accounts.save(TestAccounts.stored(account, cipher)));
    }

    ListAccountsResult result = await(service.listAccounts(new ListAccountsQuery(T0)));

    assertThat(result.accounts())
        .extracting(ListAccountsResult.Entry::status)
        .containsExactly(
            AccountStatus.ACTIVE,
            AccountStatus.RATE_LIMITED,
            AccountStatus.QUOTA_EXCEEDED,
            AccountStatus.PAUSED,
            AccountStatus.DEACTIVATED,
            AccountStatus.DEACTIVATED);
    assertThat(result.accounts().get(0))
        .isEqualTo(
            new ListAccountsResult.Entry(
                new AccountId("a-active"),
                Optional.of("a-active@example.com"),
                PlanType.PRO,
                AccountStatus.ACTIVE));
  }

  @Test
  void aLimitWhoseResetHasPassedShowsAsActive() {
    ReversingSecretCipher cipher = new ReversingSecretCipher();
    Account rateLimited = TestAccounts.inEveryState().get(1);
    await(accounts.save(TestAccounts.stored(rateLimited, cipher)));

    ListAccountsResult result =
        await(service.listAccounts(new ListAccountsQuery(T0.plusSeconds(3_600))));

    assertThat(result.accounts())
        .singleElement()
        .extracting(ListAccountsResult.Entry::status)
        .isEqualTo(AccountStatus.ACTIVE);
  }

  @Test
  void anEmptyStoreListsNothing() {
    assertThat(await(service.listAccounts(new ListAccountsQuery(T0))).accounts()).isEmpty();
  }
}
