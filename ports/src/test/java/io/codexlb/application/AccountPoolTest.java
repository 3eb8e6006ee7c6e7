package io.codexlb.application;

import static io.codexlb.port.out.Stages.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.codexlb.domain.account.Account;
import io.codexlb.domain.account.AccountEvent;
import io.codexlb.domain.account.AccountId;
import io.codexlb.domain.account.ErrorStreak;
import io.codexlb.domain.account.PlanType;
import io.codexlb.domain.routing.PickResult;
import io.codexlb.domain.routing.RefusalReason;
import io.codexlb.domain.settings.RoutingSettings;
import io.codexlb.domain.settings.RoutingStrategy;
import io.codexlb.domain.sticky.StickyKey;
import io.codexlb.domain.sticky.StickyPin;
import io.codexlb.port.in.DeleteStickySessionCommand;
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
import io.codexlb.port.out.StoreChange;
import io.codexlb.port.out.StorePorts;
import io.codexlb.port.out.StoredAccount;
import io.codexlb.port.out.TestAccounts;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class AccountPoolTest {

  private static final Instant NOW = Instant.parse("2026-11-27T12:00:00Z");

  private final InMemoryAccountRepository accounts = new InMemoryAccountRepository();
  private final InMemorySettingsRepository settings = new InMemorySettingsRepository();
  private final InProcessStoreChangePublisher changes = new InProcessStoreChangePublisher();
  private final InMemoryStickySessionRepository pins = new InMemoryStickySessionRepository();
  private final ReversingSecretCipher cipher = new ReversingSecretCipher();
  private final MovableClock clock = new MovableClock(NOW);

  private AccountPool start() {
    return await(
        AccountPool.start(
            new StorePorts(
                accounts,
                new InMemoryApiKeyRepository(),
                settings,
                new InMemoryRequestLogRepository(),
                new InMemoryStoreMetadataRepository(),
                changes,
                pins,
                new InMemoryAdminAuthRepository(),
                new InMemoryAuditLogRepository(),
                new InMemoryUsageHistoryRepository(),
                new InMemoryJobLease()),
            cipher,
            new SplittableRandom(5),
            clock));
  }

  private void store(StoredAccount account) {
    await(accounts.save(account));
  }

  @Test
  void anErrorBackoffStoredBeforeARestartLastsOnlyUntilItsAbsoluteEnd() {
    Instant errorsAt = NOW.minusSeconds(20);
    Account backingOff = Account.of(new AccountId("a"), PlanType.PLUS);
    for (int i = 0; i < ErrorStreak.BACKOFF_THRESHOLD; i++) {
      backingOff = backingOff.on(new AccountEvent.TransientErrorOccurred(), errorsAt);
    }
    store(TestAccounts.stored(backingOff, cipher));

    AccountPool restarted = start();

    Instant ends = errorsAt.plus(ErrorStreak.FIRST_BACKOFF);
    assertThat(restarted.pickAndAcquire(Set.of(), NOW))
        .as("the 30 s backoff that began 20 s before the restart: 10 s left, not 30 s again")
        .isEqualTo(new PickResult.Refused(RefusalReason.NONE_AVAILABLE, Optional.of(ends)));
    assertThat(restarted.pickAndAcquire(Set.of(), ends))
        .isEqualTo(new PickResult.Picked(new AccountId("a")));
  }

  @Test
  void picksFromTheAccountsLoadedAtStartAndCountsInFlight() {
    store(TestAccounts.active("only", cipher));
    AccountPool service = start();

    assertThat(service.pickAndAcquire(Set.of(), NOW))
        .isEqualTo(new PickResult.Picked(new AccountId("only")));
    assertThat(service.explain(NOW))
        .singleElement()
        .satisfies(
            line -> {
              assertThat(line.inFlight()).isEqualTo(1);
            });
    assertThat(service.release(new AccountId("only"))).isTrue();
  }

  @Test
  void followsAccountChangesOnceTheyAreAnnounced() {
    StoredAccount first = TestAccounts.active("a", cipher);
    store(first);
    AccountPool service = start();

    store(
        first.withAccount(
            first
                .account()
                .on(
                    new AccountEvent.RateLimitHit(
                        Optional.of(NOW.plusSeconds(60)), Optional.empty()),
                    NOW)));
    assertThat(service.pickAndAcquire(Set.of(), NOW))
        .as("memory, not the store, answers until the change is announced")
        .isInstanceOf(PickResult.Picked.class);
    service.release(new AccountId("a"));

    changes.publish(StoreChange.ACCOUNTS);

    PickResult refused = service.pickAndAcquire(Set.of(), NOW);
    assertThat(refused).isInstanceOf(PickResult.Refused.class);
    assertThat(((PickResult.Refused) refused).reason()).isEqualTo(RefusalReason.ALL_LIMITED);
    assertThat(service.pickAndAcquire(Set.of(), NOW.plusSeconds(60)))
        .as("recovers at the reset, from memory")
        .isEqualTo(new PickResult.Picked(new AccountId("a")));
  }

  @Test
  void dropsAccountsRemovedFromTheStore() {
    store(TestAccounts.active("gone", cipher));
    AccountPool service = start();

    await(accounts.delete(new AccountId("gone")));
    changes.publish(StoreChange.ACCOUNTS);

    PickResult result = service.pickAndAcquire(Set.of(), NOW);
    assertThat(((PickResult.Refused) result).reason()).isEqualTo(RefusalReason.NO_ACCOUNTS);
  }

  @Test
  void appliesSettingsChangesOnceAnnounced() {
    store(TestAccounts.active("a", cipher));
    store(TestAccounts.active("b", cipher));
    AccountPool service = start();
    RoutingSettings fillFirst =
        new RoutingSettings(
            RoutingStrategy.FILL_FIRST, false, true, Duration.ofMinutes(30), 1, 2.5, null, 0);
    await(settings.save(fillFirst));
    changes.publish(StoreChange.SETTINGS);

    assertThat(service.pickAndAcquire(Set.of(), NOW))
        .isEqualTo(new PickResult.Picked(new AccountId("a")));
    assertThat(service.pickAndAcquire(Set.of(), NOW))
        .as("a's cap of 1 is reached: fill_first moves on")
        .isEqualTo(new PickResult.Picked(new AccountId("b")));
  }

  @Test
  void aPickWithASessionKeyIsWrittenBehindAndAnAnnouncedDeletionDropsThePinsInMemory() {
    store(TestAccounts.active("one", cipher));
    store(TestAccounts.active("two", cipher));
    AccountPool pool = start();
    StickyKey key = new StickyKey("conv-1");

    PickResult picked = pool.pickAndAcquire(Optional.of(key), Set.of(), NOW);
    AccountId account = ((PickResult.Picked) picked).account();
    assertThat(await(pins.find(key, NOW))).as("not before the flush").isEmpty();
    await(pool.sticky().flush(NOW));
    assertThat(await(pins.find(key, NOW))).map(StickyPin::account).contains(account);

    changes.publish(StoreChange.STICKY_SESSIONS);

    assertThat(pool.sticky().sessions().size()).isZero();
  }

  @Test
  void anAccountRemovedFromTheStoreLosesItsStoredPins() {
    store(TestAccounts.active("gone", cipher));
    AccountPool pool = start();
    StickyKey key = new StickyKey("conv-1");
    pool.pickAndAcquire(Optional.of(key), Set.of(), NOW);
    await(pool.sticky().flush(NOW));

    await(accounts.delete(new AccountId("gone")));
    changes.publish(StoreChange.ACCOUNTS);
    await(pool.sticky().flush(NOW));

    assertThat(await(pins.find(key, NOW))).isEmpty();
  }

  @Test
  void twoInstancesOnOneStoreShareAPinAndADeletionReachesBoth() {
    store(TestAccounts.active("one", cipher));
    store(TestAccounts.active("two", cipher));
    AccountPool first = start();
    AccountPool second = start();
    StickyKey key = new StickyKey("conv-1");
    AccountId pinned =
        ((PickResult.Picked) first.pickAndAcquire(Optional.of(key), Set.of(), NOW)).account();
    await(first.sticky().flush(NOW));

    // The other instance has no pin in memory: it reads the store once, then routes with it.
    await(second.sticky().recall(Optional.of(key), NOW));
    for (int i = 0; i < 10; i++) {
      assertThat(second.pickAndAcquire(Optional.of(key), Set.of(), NOW))
          .isEqualTo(new PickResult.Picked(pinned));
      second.release(pinned);
    }

    await(
        new ManageStickySessionsService(pins, changes, clock)
            .delete(new DeleteStickySessionCommand(key)));

    assertThat(first.sticky().sessions().peek(key, NOW)).isEmpty();
    assertThat(second.sticky().sessions().peek(key, NOW)).isEmpty();
    await(second.sticky().recall(Optional.of(key), NOW));
    assertThat(second.sticky().sessions().peek(key, NOW)).as("gone from the store too").isEmpty();
  }
}
