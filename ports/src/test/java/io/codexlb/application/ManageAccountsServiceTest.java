package io.codexlb.application;

import static io.codexlb.port.out.Stages.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.codexlb.domain.account.Account;
import io.codexlb.domain.account.AccountId;
import io.codexlb.domain.account.AccountState;
import io.codexlb.domain.account.AccountStatus;
import io.codexlb.domain.admin.AdminActor;
import io.codexlb.domain.routing.EligibilityReason;
import io.codexlb.domain.routing.PickResult;
import io.codexlb.domain.routing.RefusalReason;
import io.codexlb.domain.sticky.StickyKey;
import io.codexlb.domain.sticky.StickyPin;
import io.codexlb.port.in.AccountResult;
import io.codexlb.port.in.ManageAccountResult;
import io.codexlb.port.in.RoutingExplanationResult;
import io.codexlb.port.out.InMemoryAccountRepository;
import io.codexlb.port.out.InMemoryAdminAuthRepository;
import io.codexlb.port.out.InMemoryApiKeyRepository;
import io.codexlb.port.out.InMemoryAuditLogRepository;
import io.codexlb.port.out.InMemoryJobLease;
import io.codexlb.port.out.InMemoryRequestLogRepository;
import io.codexlb.port.out.InMemorySettingsRepository;
import io.codexlb.port.out.InMemoryStickySessionRepository;
import io.codexlb.port.out.InMemoryStoreMetadataRepository;
import io.codexlb.port.out.InMemoryUsageHistoryRepository;
import io.codexlb.port.out.InProcessStoreChangePublisher;
import io.codexlb.port.out.MovableClock;
import io.codexlb.port.out.ReversingSecretCipher;
import io.codexlb.port.out.StorePorts;
import io.codexlb.port.out.StoredAccount;
import io.codexlb.port.out.TestAccounts;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;

class ManageAccountsServiceTest {

  private static final Instant NOW = Instant.parse("2026-11-27T12:00:00Z");
  private static final AdminActor ADMIN = new AdminActor("local", "127.0.0.1");
  private static final AccountId ONE = new AccountId("one");

  private final InMemoryAccountRepository accounts = new InMemoryAccountRepository();
  private final InProcessStoreChangePublisher changes = new InProcessStoreChangePublisher();
  private final ReversingSecretCipher cipher = new ReversingSecretCipher();
  private final MovableClock clock = new MovableClock(NOW);
  private final InMemoryAuditLogRepository auditLog = new InMemoryAuditLogRepository();
  private final InMemoryStickySessionRepository storedPins = new InMemoryStickySessionRepository();

  private AccountPool startPool() {
    return await(
        AccountPool.start(
            new StorePorts(
                accounts,
                new InMemoryApiKeyRepository(),
                new InMemorySettingsRepository(),
                new InMemoryRequestLogRepository(),
                new InMemoryStoreMetadataRepository(),
                changes,
                storedPins,
                new InMemoryAdminAuthRepository(),
                new InMemoryAuditLogRepository(),
                new InMemoryUsageHistoryRepository(),
                new InMemoryJobLease()),
            cipher,
            new SplittableRandom(5),
            clock));
  }

  private static LiveAccounts live(AccountPool pool) {
    return new LiveAccounts() {
      @Override
      public Optional<StoredAccount> account(AccountId id) {
        return pool.account(id);
      }

      @Override
      public boolean replace(StoredAccount account) {
        return pool.replace(account);
      }

      @Override
      public List<io.codexlb.domain.routing.Eligibility> explain(Instant now) {
        return pool.explain(now);
      }

      @Override
      public CompletionStage<Optional<AccountId>> pinned(StickyKey session, Instant now) {
        return pool.recallPinned(session, now);
      }
    };
  }

  @Test
  void explainFollowsTheSessionsPinWithoutMakingOrSlidingAnyPin() {
    await(accounts.save(TestAccounts.active("one", cipher)));
    await(accounts.save(TestAccounts.active("two", cipher)));
    AccountPool pool = startPool();
    ManageAccountsService service =
        new ManageAccountsService(accounts, live(pool), new AuditTrail(auditLog));
    StickyKey pinnedSession = new StickyKey("thread-a");
    PickResult first = pool.pickAndAcquire(Optional.of(pinnedSession), Set.of(), NOW);
    AccountId pinned = ((PickResult.Picked) first).account();
    pool.release(pinned);
    AccountId other = pinned.equals(ONE) ? new AccountId("two") : ONE;
    StickyKey fresh = new StickyKey("thread-b");

    RoutingExplanationResult viaPin =
        await(service.explainRouting(Optional.of(pinnedSession), NOW));
    RoutingExplanationResult noPin = await(service.explainRouting(Optional.of(fresh), NOW));
    RoutingExplanationResult noSession = await(service.explainRouting(Optional.empty(), NOW));
    await(service.pauseAccount(pinned, ADMIN, NOW));
    RoutingExplanationResult pinPaused =
        await(service.explainRouting(Optional.of(pinnedSession), NOW));

    assertThat(viaPin.decision()).isEqualTo(RoutingExplanationResult.Decision.PINNED);
    assertThat(viaPin.account()).contains(pinned);
    assertThat(noPin.decision()).isEqualTo(RoutingExplanationResult.Decision.PICK);
    assertThat(noPin.account()).isEmpty();
    assertThat(noPin.pinned()).isEmpty();
    assertThat(noSession.decision()).isEqualTo(RoutingExplanationResult.Decision.PICK);
    assertThat(noSession.accounts()).hasSize(2);
    assertThat(pinPaused.decision()).isEqualTo(RoutingExplanationResult.Decision.PICK);
    assertThat(pinPaused.pinned()).contains(pinned);
    assertThat(pinPaused.account()).contains(other);
    // Reads only: no pin made for the fresh session, nothing left in flight.
    assertThat(pool.pinned(fresh, NOW)).isEmpty();
    assertThat(pool.explain(NOW)).allSatisfy(line -> assertThat(line.inFlight()).isZero());
  }

  @Test
  void explainUsesAStoredPinThisInstanceHasNotLoadedAsTheProxyWouldWithoutLoadingIt() {
    await(accounts.save(TestAccounts.active("one", cipher)));
    await(accounts.save(TestAccounts.active("two", cipher)));
    AccountPool pool = startPool();
    ManageAccountsService service =
        new ManageAccountsService(accounts, live(pool), new AuditTrail(auditLog));
    StickyKey elsewhere = new StickyKey("pinned-by-another-instance");
    AccountId two = new AccountId("two");
    // A pin another instance wrote: in the store, not in this pool's memory.
    await(storedPins.saveAll(List.of(new StickyPin(elsewhere, two, NOW.plusSeconds(600)))));
    await(
        storedPins.saveAll(
            List.of(new StickyPin(new StickyKey("expired"), two, NOW.minusSeconds(1)))));
    assertThat(pool.pinned(elsewhere, NOW)).isEmpty();

    RoutingExplanationResult stored = await(service.explainRouting(Optional.of(elsewhere), NOW));
    RoutingExplanationResult expired =
        await(service.explainRouting(Optional.of(new StickyKey("expired")), NOW));

    assertThat(stored.decision()).isEqualTo(RoutingExplanationResult.Decision.PINNED);
    assertThat(stored.account()).contains(two);
    assertThat(stored.pinned()).contains(two);
    assertThat(expired.pinned()).as("an expired pin is not used").isEmpty();
    assertThat(expired.decision()).isEqualTo(RoutingExplanationResult.Decision.PICK);
    // No side effect: the stored pin is not loaded into memory, nothing is noted or acquired.
    assertThat(pool.pinned(elsewhere, NOW)).isEmpty();
    assertThat(pool.sticky().pending()).isZero();
    assertThat(pool.explain(NOW)).allSatisfy(line -> assertThat(line.inFlight()).isZero());
    // And the proxy, on its miss, does route to that pin.
    await(pool.sticky().recall(Optional.of(elsewhere), NOW));
    PickResult picked = pool.pickAndAcquire(Optional.of(elsewhere), Set.of(), NOW);
    assertThat(((PickResult.Picked) picked).account()).isEqualTo(two);
  }

  @Test
  void aPausedAccountIsNotPickedByTheNextRequestAndReactivationBringsItBack() {
    await(accounts.save(TestAccounts.active("one", cipher)));
    AccountPool pool = startPool();
    ManageAccountsService service =
        new ManageAccountsService(accounts, live(pool), new AuditTrail(auditLog));

    ManageAccountResult paused = await(service.pauseAccount(ONE, ADMIN, NOW));

    AccountResult details = ((ManageAccountResult.Found) paused).account();
    assertThat(details.status()).isEqualTo(AccountStatus.PAUSED);
    assertThat(details.routing().orElseThrow().reason()).isEqualTo(EligibilityReason.PAUSED);
    PickResult pick = pool.pickAndAcquire(Set.of(), NOW);
    assertThat(pick).isInstanceOf(PickResult.Refused.class);
    assertThat(((PickResult.Refused) pick).reason()).isEqualTo(RefusalReason.ALL_PAUSED);
    // The pool's writer saves it behind the answer.
    await(pool.writes().flushNow());
    assertThat(await(accounts.find(ONE)).orElseThrow().account().state())
        .isEqualTo(AccountState.paused());

    ManageAccountResult reactivated = await(service.reactivateAccount(ONE, ADMIN, NOW));

    assertThat(((ManageAccountResult.Found) reactivated).account().status())
        .isEqualTo(AccountStatus.ACTIVE);
    assertThat(pool.pickAndAcquire(Set.of(), NOW)).isEqualTo(new PickResult.Picked(ONE));
  }

  @Test
  void withoutAPoolTheStoreIsChangedDirectly() {
    await(accounts.save(TestAccounts.active("one", cipher)));
    ManageAccountsService service =
        new ManageAccountsService(accounts, LiveAccounts.NONE, new AuditTrail(auditLog));

    await(service.pauseAccount(ONE, AdminActor.CLI, NOW));

    assertThat(await(accounts.find(ONE)).orElseThrow().account().state())
        .isEqualTo(AccountState.paused());
    AccountResult listed = await(service.listAccounts(NOW)).get(0);
    assertThat(listed.status()).isEqualTo(AccountStatus.PAUSED);
    assertThat(listed.routing()).isEmpty();
  }

  @Test
  void anAccountThatNeedsALoginCannotBePausedOrReactivated() {
    Account reauth =
        new Account(
            ONE,
            Optional.empty(),
            TestAccounts.active("one", cipher).account().plan(),
            new AccountState.Deactivated(
                new io.codexlb.domain.account.PermanentAuthFailure(
                    "refresh_token_invalidated", "refresh token revoked", true)),
            Optional.empty(),
            io.codexlb.domain.account.ErrorStreak.NONE);
    await(accounts.save(TestAccounts.stored(reauth, cipher)));
    ManageAccountsService service =
        new ManageAccountsService(accounts, LiveAccounts.NONE, new AuditTrail(auditLog));

    ManageAccountResult pause = await(service.pauseAccount(ONE, ADMIN, NOW));
    ManageAccountResult reactivate = await(service.reactivateAccount(ONE, ADMIN, NOW));

    assertThat(pause).isInstanceOf(ManageAccountResult.Refused.class);
    assertThat(reactivate).isInstanceOf(ManageAccountResult.Refused.class);
    AccountResult details =
        ((ManageAccountResult.Found) await(service.getAccount(ONE, NOW))).account();
    assertThat(details.statusReason()).contains("refresh token revoked");
    assertThat(details.deactivation().orElseThrow().code()).isEqualTo("refresh_token_invalidated");
    assertThat(details.deactivation().orElseThrow().reloginFixes()).isTrue();
  }

  @Test
  void unknownIdsAreNotFoundAndDeleteRemoves() {
    await(accounts.save(TestAccounts.active("one", cipher)));
    ManageAccountsService service =
        new ManageAccountsService(accounts, LiveAccounts.NONE, new AuditTrail(auditLog));
    AccountId missing = new AccountId("missing");

    assertThat(await(service.getAccount(missing, NOW)))
        .isEqualTo(new ManageAccountResult.NotFound(missing));
    assertThat(await(service.pauseAccount(missing, ADMIN, NOW)))
        .isEqualTo(new ManageAccountResult.NotFound(missing));
    assertThat(await(service.deleteAccount(missing, ADMIN, NOW)))
        .isEqualTo(new ManageAccountResult.NotFound(missing));
    assertThat(await(service.deleteAccount(ONE, ADMIN, NOW)))
        .isEqualTo(new ManageAccountResult.Deleted(ONE));
    assertThat(await(accounts.find(ONE))).isEmpty();
  }
}
