package io.codexlb.port.out;

import static io.codexlb.port.out.Stages.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.codexlb.domain.key.ApiKeyId;
import io.codexlb.domain.limit.KeyLimit;
import io.codexlb.domain.limit.LimitType;
import io.codexlb.domain.limit.LimitWindow;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@link LimitLeaseRepository}. An adapter's test extends this class and returns,
 * from {@link #newStore()}, an empty store reached by several instances (each its own connection
 * pool, where the store has pools).
 */
public abstract class LimitLeaseRepositoryContract {

  /** A Tuesday, in the middle of a daily window ending at midnight UTC. */
  private static final Instant NOW = Instant.parse("2026-03-03T12:00:00.250Z");

  private static final Instant MIDNIGHT = Instant.parse("2026-03-04T00:00:00Z");

  private static final LimitType TOKENS = LimitType.TOTAL_TOKENS;
  private static final LimitWindow DAILY = LimitWindow.DAILY;

  private static final ApiKeyId KEY = new ApiKeyId("k1");

  /** One store, and a way to reach it as one more instance. */
  protected interface Store {
    ApiKeyRepository keys();

    /** The leases as a new instance reaches them (a new pool, where the store has pools). */
    LimitLeaseRepository newInstance() throws Exception;
  }

  protected abstract Store newStore() throws Exception;

  private static Store withDailyTokens(Store store, long max) {
    await(
        store
            .keys()
            .create(
                new StoredApiKey(
                    ApiKeyRepositoryContract.key("k1"),
                    List.of(KeyLimit.fresh(LimitType.TOTAL_TOKENS, LimitWindow.DAILY, max, NOW)))));
    return store;
  }

  private static LeaseRequest ask(String holder, long minimum, long most, Instant now) {
    return new LeaseRequest(
        KEY, TOKENS, DAILY, holder, minimum, most, now, now.plus(Duration.ofSeconds(30)));
  }

  private static LeaseGrant granted(LimitLeaseRepository leases, LeaseRequest request) {
    return await(leases.lease(request)).orElseThrow();
  }

  @Test
  void farFromTheLimitAHolderGetsHalfItsFairShareAndASecondHolderSeesTheFirstsLease()
      throws Exception {
    Store store = withDailyTokens(newStore(), 1_000);
    LimitLeaseRepository a = store.newInstance();
    LimitLeaseRepository b = store.newInstance();

    LeaseGrant first = granted(a, ask("a", 10, 10_000, NOW));
    assertThat(first).isEqualTo(new LeaseGrant(500, 500, 500, 1, MIDNIGHT));

    LeaseGrant second = granted(b, ask("b", 10, 10_000, NOW));
    assertThat(second).isEqualTo(new LeaseGrant(125, 125, 375, 2, MIDNIGHT));

    LeaseGrant again = granted(a, ask("a", 10, 10_000, NOW));
    assertThat(again.granted()).isEqualTo(93); // 375 / (2 * 2)
    assertThat(again.held()).isEqualTo(593);
  }

  @Test
  void settledUsageCountsAndAGivenBackAmountIsAvailableAgain() throws Exception {
    Store store = withDailyTokens(newStore(), 1_000);
    LimitLeaseRepository a = store.newInstance();

    assertThat(granted(a, ask("a", 10, 400, NOW)).granted()).isEqualTo(400);
    // The holder settles 300 of its slice, then gives that much back from its lease.
    await(
        store
            .keys()
            .addUsage(
                KEY, List.of(new UsageDelta(LimitType.TOTAL_TOKENS, LimitWindow.DAILY, 300)), NOW));
    assertThat(await(a.giveBack(KEY, TOKENS, DAILY, "a", 300))).isEqualTo(100);

    LeaseGrant next = granted(a, ask("a", 10, 10_000, NOW));
    // 1,000 - 300 settled - 100 leased = 600 available, half of it granted.
    assertThat(next).isEqualTo(new LeaseGrant(300, 400, 300, 1, MIDNIGHT));
    assertThat(await(a.giveBack(KEY, TOKENS, DAILY, "a", 10_000))).isZero();
    assertThat(await(a.giveBack(KEY, TOKENS, DAILY, "nobody", 5))).isZero();
  }

  @Test
  void belowOneRequestTheRestGoesToALoneRequestOnlyWhenNoOtherHolderLeases() throws Exception {
    Store store = withDailyTokens(newStore(), 100);
    LimitLeaseRepository a = store.newInstance();
    LimitLeaseRepository b = store.newInstance();

    assertThat(granted(a, ask("a", 60, 60, NOW)).granted()).isEqualTo(60);
    LeaseGrant refused = granted(b, ask("b", 60, 60, NOW));
    assertThat(refused.granted()).isZero();
    assertThat(refused.available()).isEqualTo(40);

    await(a.giveBack(KEY, TOKENS, DAILY, "a", 60));
    await(
        store
            .keys()
            .addUsage(
                KEY, List.of(new UsageDelta(LimitType.TOTAL_TOKENS, LimitWindow.DAILY, 60)), NOW));
    assertThat(granted(b, ask("b", 60, 60, NOW)).granted()).isEqualTo(40);
    assertThat(granted(a, ask("a", 1, 1, NOW)).granted()).isZero();
  }

  @Test
  void anExpiredLeaseOrOneOfAPassedWindowCountsNothing() throws Exception {
    Store store = withDailyTokens(newStore(), 1_000);
    LimitLeaseRepository a = store.newInstance();
    LimitLeaseRepository b = store.newInstance();
    assertThat(granted(a, ask("a", 10, 800, NOW)).granted()).isEqualTo(500);

    // a's lease ran until NOW + 30 s: after that, b sees the whole budget.
    LeaseGrant afterExpiry = granted(b, ask("b", 10, 10, NOW.plusSeconds(31)));
    assertThat(afterExpiry.available()).isEqualTo(990);
    assertThat(afterExpiry.holders()).isEqualTo(1);

    await(
        store
            .keys()
            .addUsage(
                KEY, List.of(new UsageDelta(LimitType.TOTAL_TOKENS, LimitWindow.DAILY, 700)), NOW));
    LeaseGrant nextDay = granted(b, ask("b", 10, 10, MIDNIGHT.plusSeconds(1)));
    assertThat(nextDay.available()).isEqualTo(990);
    assertThat(nextDay.held()).isEqualTo(10);
    assertThat(nextDay.resetAt()).isEqualTo(MIDNIGHT.plus(Duration.ofDays(1)));
  }

  @Test
  void aRenewedLeaseOutlivesItsFirstTermButAnExpiredOneIsNotRevived() throws Exception {
    Store store = withDailyTokens(newStore(), 1_000);
    LimitLeaseRepository a = store.newInstance();
    LimitLeaseRepository b = store.newInstance();
    assertThat(granted(a, ask("a", 10, 800, NOW)).granted()).isEqualTo(500);

    // Renewed before NOW + 30 s until NOW + 60 s: at NOW + 40 s it still counts.
    assertThat(await(a.renewAll("a", NOW.plusSeconds(20), NOW.plusSeconds(60)))).isEqualTo(1);
    LeaseGrant meanwhile = granted(b, ask("b", 10, 10, NOW.plusSeconds(40)));
    assertThat(meanwhile.available()).isEqualTo(490);
    assertThat(meanwhile.holders()).isEqualTo(2);

    // Past NOW + 60 s, renewing is too late: the slice has come back.
    assertThat(await(a.renewAll("a", NOW.plusSeconds(61), NOW.plusSeconds(90)))).isZero();
    LeaseGrant after = granted(b, ask("b", 10, 10, NOW.plusSeconds(62)));
    assertThat(after.holders()).isEqualTo(1);
    assertThat(after.available()).isEqualTo(980);
    assertThat(await(a.renewAll("nobody", NOW, NOW.plusSeconds(90)))).isZero();
  }

  @Test
  void endingAHoldersLeasesGivesBackItsSlicesAndAnUnknownLimitIsEmpty() throws Exception {
    Store store = withDailyTokens(newStore(), 1_000);
    LimitLeaseRepository a = store.newInstance();
    assertThat(granted(a, ask("a", 10, 800, NOW)).granted()).isEqualTo(500);

    await(a.endAll("a"));

    assertThat(granted(a, ask("b", 10, 10, NOW)).available()).isEqualTo(990);
    assertThat(
            await(
                a.lease(
                    new LeaseRequest(
                        KEY,
                        LimitType.COST_USD,
                        LimitWindow.WEEKLY,
                        "a",
                        1,
                        1,
                        NOW,
                        NOW.plusSeconds(1)))))
        .isEqualTo(Optional.empty());
  }

  @Test
  void concurrentLeasesFromTwoInstancesNeverExceedTheBudget() throws Exception {
    long max = 5_000;
    Store store = withDailyTokens(newStore(), max);
    List<LimitLeaseRepository> instances = List.of(store.newInstance(), store.newInstance());
    int calls = 200;
    ExecutorService pool = Executors.newFixedThreadPool(16);
    try {
      List<Future<LeaseGrant>> grants = new ArrayList<>();
      for (int i = 0; i < calls; i++) {
        LimitLeaseRepository instance = instances.get(i % 2);
        String holder = "h" + (i % 6);
        long minimum = 1 + (i % 7) * 10;
        grants.add(
            pool.submit(
                () -> await(instance.lease(ask(holder, minimum, minimum * 4, NOW))).orElseThrow()));
      }
      long total = 0;
      for (Future<LeaseGrant> grant : grants) {
        LeaseGrant g = grant.get();
        assertThat(g.available()).isGreaterThanOrEqualTo(0);
        total += g.granted();
      }
      assertThat(total).isLessThanOrEqualTo(max);
      LeaseGrant last = granted(instances.get(0), ask("h0", 1, 1, NOW));
      assertThat(last.available() + total + last.granted()).isEqualTo(max);
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * Holders on two instances lease, settle part of each slice with {@code addUsage} and give the
   * slice back, all at once: the usage settled never passes the budget, because every grant is
   * sized from the settled usage and the live leases at that instant.
   */
  @Test
  void leasingSettlingAndGivingBackConcurrentlyNeverSettlesPastTheBudget() throws Exception {
    long max = 2_000;
    Store store = withDailyTokens(newStore(), max);
    List<LimitLeaseRepository> instances = List.of(store.newInstance(), store.newInstance());
    int workers = 8;
    ExecutorService pool = Executors.newFixedThreadPool(workers);
    try {
      List<Future<Long>> settled = new ArrayList<>();
      for (int w = 0; w < workers; w++) {
        LimitLeaseRepository instance = instances.get(w % 2);
        String holder = "w" + w;
        long use = 5 + w; // per round: together more than the budget
        settled.add(
            pool.submit(
                () -> {
                  long total = 0;
                  for (int round = 0; round < 40; round++) {
                    LeaseGrant grant = await(instance.lease(ask(holder, 5, 40, NOW))).orElseThrow();
                    if (grant.granted() == 0) {
                      continue;
                    }
                    long used = Math.min(use, grant.granted());
                    await(
                        store
                            .keys()
                            .addUsage(KEY, List.of(new UsageDelta(TOKENS, DAILY, used)), NOW));
                    total += used;
                    await(instance.giveBack(KEY, TOKENS, DAILY, holder, grant.granted()));
                  }
                  return total;
                }));
      }
      long total = 0;
      for (Future<Long> each : settled) {
        total += each.get();
      }
      long stored = await(store.keys().find(KEY)).orElseThrow().limits().get(0).currentValue();
      assertThat(stored).isEqualTo(total);
      assertThat(stored).isLessThanOrEqualTo(max);
    } finally {
      pool.shutdownNow();
    }
  }
}
