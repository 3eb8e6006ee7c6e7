package io.codexlb.application;

import static io.codexlb.port.out.Stages.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.codexlb.domain.account.AccountEvent;
import io.codexlb.domain.account.AccountId;
import io.codexlb.domain.account.AccountStatus;
import io.codexlb.domain.account.PermanentAuthFailure;
import io.codexlb.port.out.AccountRepository;
import io.codexlb.port.out.AccountTokens;
import io.codexlb.port.out.FlakyAccountRepository;
import io.codexlb.port.out.InMemoryAccountRepository;
import io.codexlb.port.out.MovableClock;
import io.codexlb.port.out.ReversingSecretCipher;
import io.codexlb.port.out.StoredAccount;
import io.codexlb.port.out.TestAccounts;
import java.lang.reflect.Proxy;
import java.text.MessageFormat;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;

class AccountWriterTest {

  private static final Instant NOW = Instant.parse("2026-11-27T12:00:00Z");

  private final ReversingSecretCipher cipher = new ReversingSecretCipher();
  private final InMemoryAccountRepository accounts = new InMemoryAccountRepository();
  private final MovableClock clock = new MovableClock(NOW);

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
    AccountWriter writer = new AccountWriter(accounts, clock);
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
    AccountWriter writer = new AccountWriter(accounts, clock);

    writer.changed(
        after(
            a,
            new AccountEvent.TokenRefreshFailedPermanently(
                PermanentAuthFailure.forErrorCode("account_deleted").orElseThrow())));

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
    AccountWriter writer = new AccountWriter(flaky, clock);
    writer.changed(after(a, AccountEvent.RateLimitHit.resettingAt(NOW.plusSeconds(60))));

    assertThat(writer.flush().toCompletableFuture()).isCompletedExceptionally();
    assertThat(writer.pending()).isEqualTo(1);
    failing[0] = false;
    clock.advance(AccountWriter.FIRST_RETRY);
    await(writer.flush());

    assertThat(storedStatus("a")).isEqualTo(AccountStatus.RATE_LIMITED);
  }

  private static StoredAccount withRefreshToken(
      StoredAccount account, String refreshToken, ReversingSecretCipher cipher) {
    return new StoredAccount(
        account.account(),
        account.chatgptAccountId(),
        account.email(),
        new AccountTokens(
            account.tokens().accessToken(), cipher.seal(refreshToken), account.tokens().idToken()),
        account.lastRefresh(),
        account.createdAt());
  }

  private String storedRefreshToken(String id) {
    return cipher.open(
        await(accounts.find(new AccountId(id))).orElseThrow().tokens().refreshToken());
  }

  @Test
  void aFailedSaveIsKeptAndRetriedWithGrowingBackoffUntilTheStoreTakesIt() {
    StoredAccount a = stored("a");
    FlakyAccountRepository store = new FlakyAccountRepository(accounts).savesDown(true);
    AccountWriter writer = new AccountWriter(store, clock);
    StoredAccount rotated = withRefreshToken(a, "rotated", cipher);

    writer.save(rotated);

    assertThat(store.saves()).isEqualTo(1);
    assertThat(writer.pending()).isEqualTo(1);
    assertThat(writer.unsaved(a.id())).contains(rotated);
    // Not due yet: nothing is sent.
    assertThat(writer.flush().toCompletableFuture()).isCompleted();
    assertThat(store.saves()).isEqualTo(1);
    // Due after the first back-off; fails again, so the next wait is twice as long.
    clock.advance(AccountWriter.FIRST_RETRY);
    assertThat(writer.flush().toCompletableFuture()).isCompletedExceptionally();
    assertThat(store.saves()).isEqualTo(2);
    clock.advance(AccountWriter.FIRST_RETRY);
    await(writer.flush());
    assertThat(store.saves()).isEqualTo(2);

    store.savesDown(false);
    clock.advance(AccountWriter.FIRST_RETRY);
    await(writer.flush());

    assertThat(store.saves()).isEqualTo(3);
    assertThat(storedRefreshToken("a")).isEqualTo("rotated");
    assertThat(writer.pending()).isZero();
    assertThat(writer.unsaved(a.id())).isEmpty();
  }

  @Test
  void theBackoffStopsGrowingAtItsMaximum() {
    StoredAccount a = stored("a");
    FlakyAccountRepository store = new FlakyAccountRepository(accounts).savesDown(true);
    AccountWriter writer = new AccountWriter(store, clock);
    writer.save(withRefreshToken(a, "rotated", cipher));

    for (int i = 0; i < 10; i++) {
      clock.advance(AccountWriter.MAX_RETRY);
      writer.flush();
    }

    assertThat(store.saves()).isEqualTo(11);
  }

  @Test
  void aNewerSaveReplacesTheKeptOneAndFlushNowIgnoresTheBackoff() {
    StoredAccount a = stored("a");
    FlakyAccountRepository store = new FlakyAccountRepository(accounts).savesDown(true);
    AccountWriter writer = new AccountWriter(store, clock);
    writer.save(withRefreshToken(a, "first", cipher));
    writer.save(withRefreshToken(a, "second", cipher));
    assertThat(store.saves()).isEqualTo(2);

    store.savesDown(false);
    await(writer.flushNow());

    assertThat(storedRefreshToken("a")).isEqualTo("second");
    assertThat(writer.pending()).isZero();
  }

  @Test
  void aSaveMadeWhileAnotherIsInFlightFollowsIt() {
    StoredAccount a = stored("a");
    CompletableFuture<Void> firstSave = new CompletableFuture<>();
    int[] calls = {0};
    AccountRepository slow =
        (AccountRepository)
            Proxy.newProxyInstance(
                AccountRepository.class.getClassLoader(),
                new Class<?>[] {AccountRepository.class},
                (proxy, method, args) -> {
                  if (method.getName().equals("save") && calls[0]++ == 0) {
                    return firstSave.thenCompose(ignored -> accounts.save((StoredAccount) args[0]));
                  }
                  return method.invoke(accounts, args);
                });
    AccountWriter writer = new AccountWriter(slow, clock);

    writer.save(withRefreshToken(a, "first", cipher));
    writer.save(withRefreshToken(a, "second", cipher));
    assertThat(calls[0]).isEqualTo(1);
    assertThat(writer.unsaved(a.id()).map(saved -> cipher.open(saved.tokens().refreshToken())))
        .contains("second");
    firstSave.complete(null);

    assertThat(calls[0]).isEqualTo(2);
    assertThat(storedRefreshToken("a")).isEqualTo("second");
    assertThat(writer.pending()).isZero();
  }

  @Test
  void aFailedWriteIsLoggedAtWarnWithTheAccountAndTheCauseButNoToken() {
    StoredAccount a = stored("a");
    AccountWriter writer =
        new AccountWriter(new FlakyAccountRepository(accounts).savesDown(true), clock);
    java.util.logging.Logger jul =
        java.util.logging.Logger.getLogger(AccountWriter.class.getName());
    List<LogRecord> records = new CopyOnWriteArrayList<>();
    Handler capture =
        new Handler() {
          @Override
          public void publish(LogRecord record) {
            records.add(record);
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };
    jul.addHandler(capture);
    try {
      writer.save(withRefreshToken(a, "secret-refresh-token", cipher));
    } finally {
      jul.removeHandler(capture);
    }

    assertThat(records).hasSize(1);
    LogRecord record = records.get(0);
    String message = MessageFormat.format(record.getMessage(), record.getParameters());
    assertThat(record.getLevel()).isEqualTo(java.util.logging.Level.WARNING);
    assertThat(message).contains("account a").contains("store down").contains("retried in 1 s");
    assertThat(message).doesNotContain("secret-refresh-token");
  }
}
