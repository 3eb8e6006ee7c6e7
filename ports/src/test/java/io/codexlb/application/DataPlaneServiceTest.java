package io.codexlb.application;

import static io.codexlb.application.DataPlaneFixture.NOW;
import static io.codexlb.application.DataPlaneFixture.collect;
import static io.codexlb.application.DataPlaneFixture.rateLimited;
import static io.codexlb.application.DataPlaneFixture.refusal;
import static io.codexlb.port.out.FakeUpstreamClient.refused;
import static io.codexlb.port.out.Stages.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.codexlb.domain.account.AccountId;
import io.codexlb.domain.account.AccountStatus;
import io.codexlb.domain.health.CheckResult;
import io.codexlb.domain.key.ApiKey;
import io.codexlb.domain.key.ApiKeyGenerator;
import io.codexlb.domain.key.ApiKeyId;
import io.codexlb.domain.key.KeyValidation;
import io.codexlb.domain.key.PlainApiKey;
import io.codexlb.domain.limit.KeyLimit;
import io.codexlb.domain.limit.LimitType;
import io.codexlb.domain.limit.LimitWindow;
import io.codexlb.port.in.AuthenticateBearerQuery;
import io.codexlb.port.in.AuthenticateBearerResult;
import io.codexlb.port.in.KeyUsageResult;
import io.codexlb.port.in.ListModelsQuery;
import io.codexlb.port.in.ListModelsResult;
import io.codexlb.port.in.ProxyResponsesResult.Refusal;
import io.codexlb.port.out.CountingLimitLeaseRepository;
import io.codexlb.port.out.FakeModelCatalogClient;
import io.codexlb.port.out.FakeUsageClient;
import io.codexlb.port.out.InMemoryAdminAuthRepository;
import io.codexlb.port.out.InMemoryAuditLogRepository;
import io.codexlb.port.out.InMemoryJobLease;
import io.codexlb.port.out.InMemoryLimitLeaseRepository;
import io.codexlb.port.out.InMemoryStoreMetadataRepository;
import io.codexlb.port.out.InMemoryUsageHistoryRepository;
import io.codexlb.port.out.RequestLogQuery;
import io.codexlb.port.out.SettingsRepository;
import io.codexlb.port.out.StorePorts;
import io.codexlb.port.out.StoredApiKey;
import io.codexlb.port.out.TestAccounts;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** The data plane as the routes see it: the readiness gate, the assembly, flush and stop. */
class DataPlaneServiceTest {

  private final DataPlaneFixture f = new DataPlaneFixture();
  private final DataPlaneService dataPlane =
      new DataPlaneService(
          new DataPlaneService.Settings(
              new ListModelsService.Settings(
                  List.of("gpt-5.2"), Duration.ofMinutes(10), Duration.ZERO),
              100,
              1_000),
          new DataPlaneService.Upstream(
              f.upstream, new FakeModelCatalogClient(), f.refresher, new FakeUsageClient()),
          f.cipher,
          (log, upstreamMillis, attempts) -> {},
          f.clock);

  private StorePorts store() {
    return store(f.settings);
  }

  private StorePorts store(SettingsRepository settings) {
    return new StorePorts(
        f.accounts,
        f.keys,
        settings,
        f.logs,
        new InMemoryStoreMetadataRepository(),
        f.changes,
        f.pins,
        new InMemoryAdminAuthRepository(),
        new InMemoryAuditLogRepository(),
        new InMemoryUsageHistoryRepository(),
        new InMemoryJobLease());
  }

  private void provision(String... accountIds) {
    for (String id : accountIds) {
      await(f.accounts.save(TestAccounts.active(id, f.cipher)));
    }
    ApiKey key = ApiKey.create(DataPlaneFixture.KEY_ID, "test", f.plainKey, null, Set.of(), NOW);
    await(f.keys.create(new StoredApiKey(key, List.of())));
  }

  private int storedLogs() {
    return await(
            f.logs.query(RequestLogQuery.between(NOW.minusSeconds(60), NOW.plusSeconds(60), 100)))
        .entries()
        .size();
  }

  @Test
  void untilStartedEverythingIsRefusedAsNotReadyAndTheCheckSaysWhy() {
    Refusal refusal = refusal(await(dataPlane.serve(f.request("r1"))));

    assertThat(refusal).isInstanceOf(Refusal.NotReady.class);
    assertThat(refusal.status()).isEqualTo(503);
    assertThat(((Refusal.NotReady) refusal).reason()).contains("waiting for the store to open");
    assertThat(await(dataPlane.list(new ListModelsQuery(Optional.of(f.plainKey.reveal()), NOW))))
        .isInstanceOf(ListModelsResult.NotReady.class);
    assertThat(dataPlane.checkName()).isEqualTo("data_plane");
    assertThat(await(dataPlane.check())).isInstanceOf(CheckResult.Failed.class);
    assertThat(dataPlane.flush().thenCompose(ignored -> dataPlane.stop()).toCompletableFuture())
        .isCompleted();
  }

  @Test
  void onceStartedItServesListsModelsAndIsReady() {
    provision("a");

    await(dataPlane.start(store()));

    assertThat(collect(await(dataPlane.serve(f.request("r1")))).completed).isTrue();
    assertThat(await(dataPlane.list(new ListModelsQuery(Optional.of(f.plainKey.reveal()), NOW))))
        .isInstanceOf(ListModelsResult.Listed.class);
    assertThat(await(dataPlane.check())).isEqualTo(CheckResult.pass());
  }

  @Test
  void bearersAreNotReadyUntilStartedThenAcceptedOrRefusedWithTheReason() {
    AuthenticateBearerQuery valid =
        new AuthenticateBearerQuery(Optional.of(f.plainKey.reveal()), NOW);
    assertThat(dataPlane.authenticate(valid)).isInstanceOf(AuthenticateBearerResult.NotReady.class);
    provision("a");

    await(dataPlane.start(store()));

    assertThat(dataPlane.authenticate(valid)).isEqualTo(AuthenticateBearerResult.Accepted.INSTANCE);
    assertThat(dataPlane.authenticate(new AuthenticateBearerQuery(Optional.empty(), NOW)))
        .isEqualTo(new AuthenticateBearerResult.Refused(KeyValidation.Missing.INSTANCE));
    assertThat(
            dataPlane.authenticate(
                new AuthenticateBearerQuery(Optional.of("sk-clb-not-a-key-of-this-store"), NOW)))
        .isEqualTo(new AuthenticateBearerResult.Refused(KeyValidation.Unknown.INSTANCE));
  }

  @Test
  void usageShowsThePresentedKeysOwnLimitsAndNothingOfAnotherKey() {
    AuthenticateBearerQuery mine =
        new AuthenticateBearerQuery(Optional.of(f.plainKey.reveal()), NOW);
    assertThat(dataPlane.usage(mine)).isInstanceOf(KeyUsageResult.NotReady.class);
    provision("a");
    PlainApiKey otherPlain = ApiKeyGenerator.using(new SplittableRandom(99)).generate();
    await(
        f.keys.create(
            new StoredApiKey(
                ApiKey.create(
                    new ApiKeyId("other"), "other", otherPlain, null, Set.of("gpt-x"), NOW),
                List.of(KeyLimit.fresh(LimitType.REQUESTS, LimitWindow.DAILY, 5, NOW)))));

    await(dataPlane.start(store()));

    KeyUsageResult.Usage usage = (KeyUsageResult.Usage) dataPlane.usage(mine);
    assertThat(usage.key().id()).isEqualTo(DataPlaneFixture.KEY_ID);
    assertThat(usage.limits()).isEmpty();
    KeyUsageResult.Usage other =
        (KeyUsageResult.Usage)
            dataPlane.usage(new AuthenticateBearerQuery(Optional.of(otherPlain.reveal()), NOW));
    assertThat(other.key().id()).isEqualTo(new ApiKeyId("other"));
    assertThat(other.limits()).extracting(KeyLimit::maxValue).containsExactly(5L);
    assertThat(dataPlane.usage(new AuthenticateBearerQuery(Optional.empty(), NOW)))
        .isEqualTo(new KeyUsageResult.Refused(KeyValidation.Missing.INSTANCE));
  }

  @Test
  void aPoolThatFailsToLoadStaysNotReadyWithTheCause() {
    provision("a");
    SettingsRepository broken =
        (SettingsRepository)
            Proxy.newProxyInstance(
                SettingsRepository.class.getClassLoader(),
                new Class<?>[] {SettingsRepository.class},
                (proxy, method, args) ->
                    CompletableFuture.failedFuture(
                        new IllegalStateException("settings table gone")));

    assertThat(dataPlane.start(store(broken)).toCompletableFuture()).isCompletedExceptionally();

    assertThat(await(dataPlane.check()))
        .isEqualTo(CheckResult.fail("loading the pool failed: settings table gone"));
    assertThat(((Refusal.NotReady) refusal(await(dataPlane.serve(f.request("r1"))))).reason())
        .contains("settings table gone");
  }

  @Test
  void onASharedStoreRequestsLeaseSlicesTheTickGivesBackWhatWasUsedAndStopEndsTheLeases() {
    await(f.accounts.save(TestAccounts.active("a", f.cipher)));
    ApiKey key = ApiKey.create(DataPlaneFixture.KEY_ID, "test", f.plainKey, null, Set.of(), NOW);
    await(
        f.keys.create(
            new StoredApiKey(
                key, List.of(KeyLimit.fresh(LimitType.REQUESTS, LimitWindow.DAILY, 1_000, NOW)))));
    CountingLimitLeaseRepository leases =
        new CountingLimitLeaseRepository(new InMemoryLimitLeaseRepository(f.keys));
    StorePorts base = store();
    await(
        dataPlane.start(
            new StorePorts(
                base.accounts(),
                base.apiKeys(),
                base.settings(),
                base.requestLogs(),
                base.metadata(),
                base.changes(),
                base.stickySessions(),
                base.adminAuth(),
                base.auditLogs(),
                base.usageHistory(),
                base.jobLease(),
                Optional.of(leases))));

    assertThat(collect(await(dataPlane.serve(f.request("r1")))).completed).isTrue();
    assertThat(collect(await(dataPlane.serve(f.request("r2")))).completed).isTrue();
    assertThat(leases.leases()).as("one lease for both requests").isEqualTo(1);

    // The tick (after the usage is written) gives back the two requests' usage from the lease.
    await(dataPlane.flush());
    await(dataPlane.flush());
    assertThat(leases.giveBacks()).isPositive();
    assertThat(await(f.keys.find(DataPlaneFixture.KEY_ID)).orElseThrow().limits().get(0))
        .extracting(KeyLimit::currentValue)
        .isEqualTo(2L);

    await(dataPlane.stop());
    assertThat(leases.ends()).isEqualTo(1);
  }

  @Test
  void flushWritesTheRequestLogsAndWhatRequestsLearntOfAccounts() {
    provision("a");
    await(dataPlane.start(store()));
    f.upstream.then("chatgpt-a", refused(rateLimited(NOW.plusSeconds(600))));

    await(dataPlane.serve(f.request("r1")));
    assertThat(storedLogs()).isZero();
    await(dataPlane.flush());

    assertThat(storedLogs()).isOne();
    assertThat(await(f.accounts.find(new AccountId("a"))).orElseThrow().account().state().status())
        .isEqualTo(AccountStatus.RATE_LIMITED);
  }

  @Test
  void stopWritesWhatIsQueued() {
    provision("a");
    await(dataPlane.start(store()));
    collect(await(dataPlane.serve(f.request("r1"))));

    await(dataPlane.stop());

    assertThat(storedLogs()).isOne();
  }
}
