package io.codexlb.bootstrap.store;

import static io.codexlb.port.out.Stages.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.codexlb.application.JobRunner;
import io.codexlb.domain.account.AccountId;
import io.codexlb.domain.settings.RoutingSettings;
import io.codexlb.domain.settings.SettingsValidation;
import io.codexlb.domain.sticky.StickyKey;
import io.codexlb.domain.sticky.StickyPin;
import io.codexlb.port.out.BackgroundTracer;
import io.codexlb.port.out.InMemoryJobLease;
import io.codexlb.port.out.MovableClock;
import io.codexlb.port.out.RequestLog;
import io.codexlb.port.out.RequestLogQuery;
import io.codexlb.port.out.SettingsSave;
import io.codexlb.port.out.StorePorts;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Each store-wide job runs on the instance that holds the job lease and not on one that does not:
 * two instances over one store, whose leases are rivals, as instances sharing PostgreSQL are.
 */
class StoreJobsTest {

  private static final Instant NOW = Instant.parse("2026-11-27T12:00:00Z");
  private static final Duration USAGE_PERIOD = Duration.ofSeconds(60);

  private final MovableClock clock = new MovableClock(NOW);
  private final Store store = InMemoryStores.create();
  private final Store rivalStore = rival(store);
  private final FakeDataPlane holderPlane = new FakeDataPlane();
  private final FakeDataPlane standByPlane = new FakeDataPlane();

  /** Counts what the jobs asked of a data plane. */
  private static final class FakeDataPlane implements StoreJobs.DataPlaneJobs {
    final AtomicInteger polls = new AtomicInteger();
    final AtomicInteger handOvers = new AtomicInteger();
    final AtomicInteger sweeps = new AtomicInteger();

    @Override
    public CompletionStage<?> pollUsage() {
      polls.incrementAndGet();
      return CompletableFuture.completedFuture(null);
    }

    @Override
    public void usagePollingHandedOver() {
      handOvers.incrementAndGet();
    }

    @Override
    public CompletionStage<?> renewDueTokens() {
      sweeps.incrementAndGet();
      return CompletableFuture.completedFuture(0);
    }
  }

  /** Another instance on the same store: the same data, a rival lease. */
  private static Store rival(Store store) {
    StorePorts p = store.ports();
    return new Store(
        new StorePorts(
            p.accounts(),
            p.apiKeys(),
            p.settings(),
            p.requestLogs(),
            p.metadata(),
            p.changes(),
            p.stickySessions(),
            p.adminAuth(),
            p.auditLogs(),
            p.usageHistory(),
            ((InMemoryJobLease) p.jobLease()).rival()),
        store.probe(),
        store.closer());
  }

  private StoreJobs jobs(Duration retention) {
    return new StoreJobs(
        retention, clock, StoreJobs.Periods.of(Optional.of(USAGE_PERIOD)), BackgroundTracer.NONE);
  }

  /** The holder (ticked first, so it takes the lease) and a stand-by instance. */
  private List<JobRunner> twoInstances(Duration retention) {
    JobRunner holder = jobs(retention).runner(store, holderPlane);
    JobRunner standBy = jobs(retention).runner(rivalStore, standByPlane);
    await(holder.tick());
    await(standBy.tick());
    assertThat(holder.holding()).isTrue();
    assertThat(standBy.holding()).isFalse();
    return List.of(holder, standBy);
  }

  /** Both instances tick once a second for {@code span}. */
  private void run(List<JobRunner> runners, Duration span) {
    for (long s = 0; s < span.toSeconds(); s++) {
      clock.advance(Duration.ofSeconds(1));
      for (JobRunner runner : runners) {
        await(runner.tick());
      }
    }
  }

  private static RequestLog loggedDaysAgo(String id, int days) {
    return new RequestLog(
        id,
        NOW.minus(Duration.ofDays(days)),
        Optional.empty(),
        Optional.empty(),
        "gpt-5.4",
        200,
        Optional.empty(),
        0,
        0,
        0,
        0,
        0,
        0,
        OptionalLong.empty(),
        0);
  }

  private List<String> loggedIds() {
    return await(
            store
                .ports()
                .requestLogs()
                .query(RequestLogQuery.between(Instant.EPOCH, clock.instant(), 10)))
        .entries()
        .stream()
        .map(RequestLog::requestId)
        .toList();
  }

  @Test
  void theRunnerHasEveryStoreWideJobAndItsPeriod() {
    JobRunner runner = jobs(Duration.ZERO).runner(store, holderPlane);

    assertThat(runner.jobNames())
        .containsExactly(
            "usage_polling", "token_sweep", "sticky_pin_expiry", "request_log_retention");
    assertThat(StoreJobs.Periods.of(Optional.of(USAGE_PERIOD)))
        .isEqualTo(
            new StoreJobs.Periods(
                Optional.of(USAGE_PERIOD),
                Duration.ofMinutes(10),
                Duration.ofMinutes(5),
                Duration.ofHours(1),
                JobRunner.MAX_LEASE_RETRY));
    StoreJobs withoutPolling =
        new StoreJobs(
            Duration.ZERO, clock, StoreJobs.Periods.of(Optional.empty()), BackgroundTracer.NONE);
    assertThat(withoutPolling.runner(store, holderPlane).jobNames())
        .containsExactly("token_sweep", "sticky_pin_expiry", "request_log_retention");
  }

  @Test
  void theTestPeriodSetsEveryStoreWidePeriodAndTheLeaseRetry() {
    Duration two = Duration.ofSeconds(2);
    assertThat(StoreJobs.Periods.of(Optional.of(USAGE_PERIOD), "2"))
        .isEqualTo(new StoreJobs.Periods(Optional.of(USAGE_PERIOD), two, two, two, two));
    assertThat(StoreJobs.Periods.of(Optional.of(Duration.ofSeconds(3)), null).leaseRetry())
        .as("a usage period shorter than the retry")
        .isEqualTo(Duration.ofSeconds(3));
    assertThat(StoreJobs.Periods.of(Optional.empty(), "zero"))
        .isEqualTo(StoreJobs.Periods.of(Optional.empty()));
  }

  @Test
  void usagePollingRunsEverySecondOnTheHolderOnly() {
    List<JobRunner> instances = twoInstances(Duration.ZERO);

    run(instances, Duration.ofSeconds(10));

    assertThat(holderPlane.polls).hasValue(11);
    assertThat(standByPlane.polls).hasValue(0);
  }

  @Test
  void theTokenSweepRunsEveryTenMinutesOnTheHolderOnly() {
    List<JobRunner> instances = twoInstances(Duration.ZERO);

    run(instances, Duration.ofMinutes(20));

    assertThat(holderPlane.sweeps).hasValue(3);
    assertThat(standByPlane.sweeps).hasValue(0);
  }

  @Test
  void expiredStickyPinsAreDeletedEveryFiveMinutesByTheHolderAndLiveOnesKept() {
    StickyPin expired = new StickyPin(new StickyKey("old"), new AccountId("a"), NOW);
    StickyPin live =
        new StickyPin(new StickyKey("live"), new AccountId("a"), NOW.plus(Duration.ofHours(1)));
    await(store.ports().stickySessions().saveAll(List.of(expired, live)));
    List<JobRunner> instances = twoInstances(Duration.ZERO); // the holder purges at once
    StickyPin expiring =
        new StickyPin(new StickyKey("soon"), new AccountId("a"), NOW.plus(Duration.ofMinutes(4)));
    await(store.ports().stickySessions().saveAll(List.of(expiring)));

    run(instances, Duration.ofMinutes(5));

    assertThat(await(store.ports().stickySessions().deleteAll())).as("only the live one").isOne();
  }

  @Test
  void aStandByInstanceDeletesNoStickyPin() {
    JobRunner holder = jobs(Duration.ZERO).runner(store, holderPlane);
    await(holder.tick()); // holds the lease and never ticks again, like a busy holder
    JobRunner standBy = jobs(Duration.ZERO).runner(rivalStore, standByPlane);
    StickyPin expired = new StickyPin(new StickyKey("old"), new AccountId("a"), NOW);
    await(store.ports().stickySessions().saveAll(List.of(expired)));

    run(List.of(standBy), Duration.ofMinutes(11));

    assertThat(standBy.holding()).isFalse();
    assertThat(await(store.ports().stickySessions().deleteAll())).as("still there").isOne();
  }

  @Test
  void retentionDeletesOldRequestLogsHourlyOnTheHolder() {
    List<JobRunner> instances = twoInstances(Duration.ofDays(7));
    assertThat(loggedIds()).isEmpty();
    await(
        store
            .ports()
            .requestLogs()
            .append(List.of(loggedDaysAgo("old", 8), loggedDaysAgo("new", 6))));

    run(instances, Duration.ofMinutes(59));
    assertThat(loggedIds()).as("the hour has not come").containsExactly("new", "old");
    run(instances, Duration.ofMinutes(1));

    assertThat(loggedIds()).containsExactly("new");
  }

  @Test
  void aStandByInstanceDeletesNoRequestLog() {
    JobRunner holder = jobs(Duration.ofDays(7)).runner(store, holderPlane);
    await(holder.tick()); // holds the lease and never ticks again, like a busy holder
    JobRunner standBy = jobs(Duration.ofDays(7)).runner(rivalStore, standByPlane);
    await(store.ports().requestLogs().append(List.of(loggedDaysAgo("old", 8))));

    run(List.of(standBy), Duration.ofHours(2));

    assertThat(loggedIds()).containsExactly("old");
  }

  @Test
  void zeroRetentionDeletesNothing() {
    await(store.ports().requestLogs().append(List.of(loggedDaysAgo("ancient", 3_000))));

    await(jobs(Duration.ZERO).runner(store, holderPlane).tick());

    assertThat(loggedIds()).containsExactly("ancient");
  }

  @Test
  void theHourlyJobUsesARetentionStoredAfterItStarted() {
    await(
        store
            .ports()
            .requestLogs()
            .append(List.of(loggedDaysAgo("old", 8), loggedDaysAgo("new", 2))));
    JobRunner runner = jobs(Duration.ZERO).runner(store, holderPlane);
    await(runner.tick());
    assertThat(loggedIds()).as("nothing stored, configured 0").containsExactly("new", "old");

    RoutingSettings current = await(store.ports().settings().load());
    RoutingSettings week =
        ((SettingsValidation.Valid) current.toBuilder().requestLogRetentionDays(7L).build())
            .settings();
    assertThat(await(store.ports().settings().save(week))).isInstanceOf(SettingsSave.Saved.class);
    run(List.of(runner), Duration.ofHours(1));

    assertThat(loggedIds()).containsExactly("new");
  }

  @Test
  void aNewHolderRunsEveryJobAtOnceAndTheOldOneHandsUsagePollingOver() {
    List<JobRunner> instances = twoInstances(Duration.ZERO);
    int sweeps = holderPlane.sweeps.get();

    await(instances.get(0).stop());
    run(List.of(instances.get(1)), JobRunner.MAX_LEASE_RETRY);

    assertThat(holderPlane.handOvers).hasValue(1);
    assertThat(holderPlane.sweeps).hasValue(sweeps);
    assertThat(instances.get(1).holding()).isTrue();
    assertThat(standByPlane.sweeps).as("at once, not ten minutes later").hasValue(1);
    assertThat(standByPlane.polls.get()).isPositive();
  }
}
