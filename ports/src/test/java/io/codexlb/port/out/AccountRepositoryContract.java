package io.codexlb.port.out;

import static io.codexlb.port.out.Stages.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.codexlb.domain.account.Account;
import io.codexlb.domain.account.AccountEvent;
import io.codexlb.domain.account.AccountId;
import io.codexlb.domain.account.AccountState;
import io.codexlb.domain.account.Credits;
import io.codexlb.domain.account.ErrorStreak;
import io.codexlb.domain.account.PermanentAuthFailure;
import io.codexlb.domain.account.PlanType;
import io.codexlb.domain.account.UsageSnapshot;
import io.codexlb.domain.account.UsageWindow;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
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

  @Test
  void saveStatesReplacesStateUsageAndErrorsButKeepsEverythingElse() throws Exception {
    AccountRepository repository = newRepository();
    StoredAccount stored = labelled(TestAccounts.active("acct", cipher));
    await(repository.save(stored));
    Account observed =
        new Account(
            stored.id(),
            Optional.of("a label the data plane must not write"),
            PlanType.FREE,
            new AccountState.RateLimited(TestAccounts.T0.plusSeconds(90)),
            Optional.of(usage(61.5, 12.25)),
            new ErrorStreak(3, Optional.of(TestAccounts.T0.plusSeconds(2))));

    await(repository.saveStates(List.of(observed)));

    assertThat(await(repository.find(stored.id())))
        .contains(stored.withAccount(withStateOf(stored.account(), observed)));
  }

  @Test
  void saveStatesClearsWhatTheGivenAccountNoLongerHas() throws Exception {
    AccountRepository repository = newRepository();
    Account limited =
        new Account(
            new AccountId("acct"),
            Optional.empty(),
            PlanType.PRO,
            new AccountState.QuotaExceeded(TestAccounts.T0.plusSeconds(3_600)),
            Optional.of(usage(100, 99.5)),
            new ErrorStreak(2, Optional.of(TestAccounts.T0)));
    StoredAccount stored = TestAccounts.stored(limited, cipher);
    await(repository.save(stored));
    Account recovered = Account.of(limited.id(), PlanType.PRO);

    await(repository.saveStates(List.of(recovered)));

    assertThat(await(repository.find(limited.id()))).contains(stored.withAccount(recovered));
  }

  @Test
  void saveStatesSkipsAccountsThatDoNotExist() throws Exception {
    AccountRepository repository = newRepository();
    StoredAccount known = TestAccounts.active("known", cipher);
    await(repository.save(known));
    Account knownLimited = rateLimited(known.account());

    await(
        repository.saveStates(
            List.of(rateLimited(Account.of(new AccountId("gone"), PlanType.PLUS)), knownLimited)));

    assertThat(await(repository.findAll())).containsExactly(known.withAccount(knownLimited));
  }

  @Test
  void saveStatesNeverUndoesAPauseALoginProblemOrADeactivation() throws Exception {
    AccountRepository repository = newRepository();
    List<StoredAccount> everyState =
        TestAccounts.inEveryState().stream()
            .map(account -> TestAccounts.stored(account, cipher))
            .toList();
    for (StoredAccount account : everyState) {
      await(repository.save(account));
    }
    List<Account> observed =
        everyState.stream().map(account -> rateLimited(account.account())).toList();

    await(repository.saveStates(observed));

    List<StoredAccount> expected = new ArrayList<>();
    for (StoredAccount account : everyState) {
      boolean writable =
          account.account().state() instanceof AccountState.Active
              || account.account().state() instanceof AccountState.RateLimited
              || account.account().state() instanceof AccountState.QuotaExceeded;
      expected.add(writable ? account.withAccount(rateLimited(account.account())) : account);
    }
    assertThat(await(repository.findAll())).containsExactlyElementsOf(expected);
  }

  @Test
  void saveStatesRefusesAPausedOrSignedOutOrDeactivatedAccountAndWritesNothing() throws Exception {
    AccountRepository repository = newRepository();
    StoredAccount first = TestAccounts.active("first", cipher);
    await(repository.save(first));
    List<AccountState> noRequestObservesThese =
        List.of(
            AccountState.paused(),
            new AccountState.Deactivated(
                PermanentAuthFailure.forErrorCode("invalid_grant").orElseThrow()),
            new AccountState.Deactivated(
                PermanentAuthFailure.forErrorCode("account_deleted").orElseThrow()));

    for (AccountState state : noRequestObservesThese) {
      Account other =
          new Account(
              new AccountId("other"),
              Optional.empty(),
              PlanType.PLUS,
              state,
              Optional.empty(),
              ErrorStreak.NONE);
      // The valid account comes first, so a write that began before the check would show.
      List<Account> accounts = List.of(rateLimited(first.account()), other);

      assertThatThrownBy(() -> repository.saveStates(accounts))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining(state.status().wireName())
          .hasMessageContaining("expected");
    }

    assertThat(await(repository.findAll())).containsExactly(first);
  }

  @Test
  void saveStatesRefusesAnIdGivenTwiceAndWritesNothing() throws Exception {
    AccountRepository repository = newRepository();
    StoredAccount first = TestAccounts.active("first", cipher);
    await(repository.save(first));
    List<Account> twice = List.of(rateLimited(first.account()), first.account());

    assertThatThrownBy(() -> repository.saveStates(twice))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("first")
        .hasMessageContaining("expected");

    assertThat(await(repository.findAll())).containsExactly(first);
  }

  @Test
  void saveStatesOfNoAccountsChangesNothing() throws Exception {
    AccountRepository repository = newRepository();
    StoredAccount first = TestAccounts.active("first", cipher);
    await(repository.save(first));

    await(repository.saveStates(List.of()));

    assertThat(await(repository.findAll())).containsExactly(first);
  }

  @Test
  void saveStatesWritesManyAccountsInOneCall() throws Exception {
    AccountRepository repository = newRepository();
    List<StoredAccount> stored =
        IntStream.range(0, 300)
            .mapToObj(i -> TestAccounts.active(String.format("acct-%03d", i), cipher))
            .toList();
    for (StoredAccount account : stored) {
      await(repository.save(account));
    }
    List<Account> observed = new ArrayList<>();
    List<StoredAccount> expected = new ArrayList<>();
    for (int i = 0; i < stored.size(); i++) {
      Account account = stored.get(i).account();
      Account changed =
          new Account(
              account.id(),
              account.label(),
              account.plan(),
              i % 2 == 0
                  ? new AccountState.RateLimited(TestAccounts.T0.plusSeconds(i))
                  : new AccountState.QuotaExceeded(TestAccounts.T0.plusSeconds(i)),
              Optional.of(usage(i / 3.0, i / 4.0)),
              new ErrorStreak(i + 1, Optional.of(TestAccounts.T0.minusSeconds(i))));
      observed.add(changed);
      expected.add(stored.get(i).withAccount(changed));
    }

    await(repository.saveStates(observed));

    assertThat(await(repository.findAll())).containsExactlyElementsOf(expected);
  }

  /** The stored account with a label, a plan and an email to see kept. */
  private StoredAccount labelled(StoredAccount stored) {
    return new StoredAccount(
        stored.account().withLabel("ops seat").withPlan(PlanType.TEAM),
        stored.chatgptAccountId(),
        Optional.of("ops@example.com"),
        stored.tokens(),
        TestAccounts.T0.plusSeconds(5),
        stored.createdAt());
  }

  /** {@code stored} with the state, usage and errors of {@code observed}. */
  // Token refresh claims and the compare-and-set that stores refreshed tokens.

  private static final Duration TTL = Duration.ofSeconds(30);

  private AccountTokens tokens(String suffix) {
    return new AccountTokens(
        cipher.seal("access-" + suffix),
        cipher.seal("refresh-" + suffix),
        cipher.seal("id-" + suffix));
  }

  @Test
  void aClaimOnTheStoredTokenHoldsAgainstOthersUntilItLapses() throws Exception {
    AccountRepository repository = newRepository();
    StoredAccount account = TestAccounts.active("acct", cipher);
    await(repository.save(account));
    SealedSecret token = account.tokens().refreshToken();
    Instant t0 = TestAccounts.T0;

    assertThat(await(repository.claimRefresh(account.id(), token, "one", t0, TTL)))
        .isEqualTo(new RefreshClaim.Claimed(t0.plus(TTL)));
    assertThat(await(repository.claimRefresh(account.id(), token, "two", t0.plusSeconds(29), TTL)))
        .isEqualTo(new RefreshClaim.HeldElsewhere(t0.plus(TTL)));
    // The holder may claim again (it extends its own claim).
    assertThat(await(repository.claimRefresh(account.id(), token, "one", t0.plusSeconds(10), TTL)))
        .isEqualTo(new RefreshClaim.Claimed(t0.plusSeconds(10).plus(TTL)));
    Instant lapsed = t0.plusSeconds(10).plus(TTL);
    assertThat(await(repository.claimRefresh(account.id(), token, "two", lapsed, TTL)))
        .isEqualTo(new RefreshClaim.Claimed(lapsed.plus(TTL)));
    assertThat(await(repository.find(account.id()))).contains(account);
  }

  @Test
  void aClaimWithATokenNoLongerStoredGetsTheStoredAccount() throws Exception {
    AccountRepository repository = newRepository();
    StoredAccount account = TestAccounts.active("acct", cipher);
    await(repository.save(account));

    assertThat(
            await(
                repository.claimRefresh(
                    account.id(), cipher.seal("refresh-old"), "one", TestAccounts.T0, TTL)))
        .isEqualTo(new RefreshClaim.Superseded(account));
    assertThat(
            await(
                repository.claimRefresh(
                    new AccountId("gone"), cipher.seal("x"), "one", TestAccounts.T0, TTL)))
        .isEqualTo(new RefreshClaim.Missing());
  }

  @Test
  void storingRefreshedTokensIsACompareAndSetThatKeepsTheRestAndEndsTheClaim() throws Exception {
    AccountRepository repository = newRepository();
    StoredAccount account =
        TestAccounts.stored(
            rateLimited(labelled(TestAccounts.active("acct", cipher)).account()), cipher);
    await(repository.save(account));
    SealedSecret old = account.tokens().refreshToken();
    await(repository.claimRefresh(account.id(), old, "one", TestAccounts.T0, TTL));
    Instant refreshedAt = TestAccounts.T0.plusSeconds(2);

    AccountTokens fresh = tokens("new");

    RefreshSave save = await(repository.storeRefreshed(account.id(), old, fresh, refreshedAt));

    StoredAccount expected =
        new StoredAccount(
            account.account(),
            account.chatgptAccountId(),
            account.email(),
            fresh,
            refreshedAt,
            account.createdAt());
    assertThat(save).isEqualTo(new RefreshSave.Saved(expected));
    assertThat(await(repository.find(account.id()))).contains(expected);
    // The claim ended with the store: another holder claims with the new token at once.
    assertThat(
            await(
                repository.claimRefresh(
                    account.id(),
                    expected.tokens().refreshToken(),
                    "two",
                    TestAccounts.T0.plusSeconds(3),
                    TTL)))
        .isInstanceOf(RefreshClaim.Claimed.class);
    // The old token is refused now, and nothing is written.
    assertThat(
            await(
                repository.storeRefreshed(
                    account.id(), old, tokens("late"), TestAccounts.T0.plusSeconds(4))))
        .isEqualTo(new RefreshSave.Superseded(expected));
    assertThat(await(repository.find(account.id()))).contains(expected);
    assertThat(
            await(
                repository.storeRefreshed(
                    new AccountId("gone"), old, tokens("x"), TestAccounts.T0)))
        .isEqualTo(new RefreshSave.Missing());
  }

  @Test
  void releasingEndsOnlyTheHoldersOwnClaim() throws Exception {
    AccountRepository repository = newRepository();
    StoredAccount account = TestAccounts.active("acct", cipher);
    await(repository.save(account));
    SealedSecret token = account.tokens().refreshToken();
    Instant t0 = TestAccounts.T0;
    await(repository.claimRefresh(account.id(), token, "one", t0, TTL));

    await(repository.releaseRefreshClaim(account.id(), "two"));
    assertThat(await(repository.claimRefresh(account.id(), token, "two", t0, TTL)))
        .isInstanceOf(RefreshClaim.HeldElsewhere.class);

    await(repository.releaseRefreshClaim(account.id(), "one"));
    assertThat(await(repository.claimRefresh(account.id(), token, "two", t0, TTL)))
        .isInstanceOf(RefreshClaim.Claimed.class);
    // Releasing nothing is fine, and an account with a claim can be deleted.
    await(repository.releaseRefreshClaim(new AccountId("gone"), "one"));
    assertThat(await(repository.delete(account.id()))).isTrue();
  }

  @Test
  void ofManyConcurrentClaimantsExactlyOneGetsTheClaim() throws Exception {
    AccountRepository repository = newRepository();
    StoredAccount account = TestAccounts.active("acct", cipher);
    await(repository.save(account));
    SealedSecret token = account.tokens().refreshToken();

    List<CompletableFuture<RefreshClaim>> claims = new ArrayList<>();
    for (int i = 0; i < 16; i++) {
      claims.add(
          repository
              .claimRefresh(account.id(), token, "holder-" + i, TestAccounts.T0, TTL)
              .toCompletableFuture());
    }
    List<RefreshClaim> answers = new ArrayList<>();
    for (CompletableFuture<RefreshClaim> claim : claims) {
      answers.add(await(claim));
    }

    assertThat(answers.stream().filter(RefreshClaim.Claimed.class::isInstance)).hasSize(1);
    assertThat(answers.stream().filter(RefreshClaim.HeldElsewhere.class::isInstance)).hasSize(15);
  }

  private static Account withStateOf(Account stored, Account observed) {
    return new Account(
        stored.id(),
        stored.label(),
        stored.plan(),
        observed.state(),
        observed.usage(),
        observed.errors());
  }

  /** The account rate limited, with usage and an error, as a request would have left it. */
  private static Account rateLimited(Account account) {
    return new Account(
        account.id(),
        account.label(),
        account.plan(),
        new AccountState.RateLimited(TestAccounts.T0.plusSeconds(45)),
        Optional.of(usage(88, 40)),
        new ErrorStreak(1, Optional.of(TestAccounts.T0)));
  }

  private static UsageSnapshot usage(double primaryPercent, double secondaryPercent) {
    return UsageSnapshot.of(
            new UsageWindow(
                primaryPercent, TestAccounts.T0.plusSeconds(1_800), Duration.ofHours(5)),
            new UsageWindow(
                secondaryPercent, TestAccounts.T0.plusSeconds(400_000), Duration.ofDays(7)))
        .withCredits(new Credits(true, false, 3.75));
  }
}
