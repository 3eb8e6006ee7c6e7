package io.codexlb.application;

import static io.codexlb.port.out.Stages.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.codexlb.domain.account.AccountEvent;
import io.codexlb.domain.account.AccountId;
import io.codexlb.domain.account.AccountStatus;
import io.codexlb.domain.account.PermanentAuthFailure;
import io.codexlb.port.out.AccountRepository;
import io.codexlb.port.out.InMemoryAccountRepository;
import io.codexlb.port.out.ReversingSecretCipher;
import io.codexlb.port.out.StoredAccount;
import io.codexlb.port.out.TestAccounts;
import java.lang.reflect.Proxy;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class AccountStateWriterTest {

  private static final Instant NOW = Instant.parse("2026-11-27T12:00:00Z");

  private final ReversingSecretCipher cipher = new ReversingSecretCipher();
  private final InMemoryAccountRepository accounts = new InMemoryAccountRepository();

  private StoredAccount stored(String id) {
    StoredAccount account = TestAccounts.active(id, cipher);
    await(accounts.save(account));
    return account;
  }

  private AccountStatus storedStatus(String id) {
    return await(accounts.find(new AccountId(id))).orElseThrow().account().state().status();
  }

  private static StoredAccount after(StoredAccount account, AccountEvent event) {
    return account.withAccount(account.account().on(event, NOW));
  }

  @Test
  void changesWaitForTheFlushAndOnlyTheNewestOfAnAccountIsWritten() {
    StoredAccount a = stored("a");
    AccountStateWriter writer = new AccountStateWriter(accounts);
    StoredAccount limited = after(a, AccountEvent.RateLimitHit.resettingAt(NOW.plusSeconds(60)));

    writer.changed(limited);
    writer.changed(after(limited, new AccountEvent.QuotaExhausted(java.util.Optional.empty())));

    assertThat(storedStatus("a")).isEqualTo(AccountStatus.ACTIVE);
    assertThat(writer.pending()).isEqualTo(1);
    await(writer.flush());
    assertThat(storedStatus("a")).isEqualTo(AccountStatus.QUOTA_EXCEEDED);
    assertThat(writer.pending()).isZero();
  }

  @Test
  void aDeadLoginIsSavedAtOnce() {
    StoredAccount a = stored("a");
    AccountStateWriter writer = new AccountStateWriter(accounts);

    writer.changed(
        after(
            a,
            new AccountEvent.TokenRefreshFailedPermanently(
                PermanentAuthFailure.deactivated("gone"))));

    assertThat(storedStatus("a")).isEqualTo(AccountStatus.DEACTIVATED);
    assertThat(writer.pending()).isZero();
  }

  @Test
  void aFailedFlushKeepsTheStatesForTheNextOne() {
    StoredAccount a = stored("a");
    boolean[] failing = {true};
    // The in-memory store, with saveStates failing while the flag is up.
    AccountRepository flaky =
        (AccountRepository)
            Proxy.newProxyInstance(
                AccountRepository.class.getClassLoader(),
                new Class<?>[] {AccountRepository.class},
                (proxy, method, args) ->
                    method.getName().equals("saveStates") && failing[0]
                        ? CompletableFuture.failedFuture(new IllegalStateException("store down"))
                        : method.invoke(accounts, args));
    AccountStateWriter writer = new AccountStateWriter(flaky);
    writer.changed(after(a, AccountEvent.RateLimitHit.resettingAt(NOW.plusSeconds(60))));

    assertThat(writer.flush().toCompletableFuture()).isCompletedExceptionally();
    assertThat(writer.pending()).isEqualTo(1);
    failing[0] = false;
    await(writer.flush());

    assertThat(storedStatus("a")).isEqualTo(AccountStatus.RATE_LIMITED);
  }
}
