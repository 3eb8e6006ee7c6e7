package io.codexlb.application;

import static io.codexlb.port.out.Stages.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.codexlb.domain.RetryAfter;
import io.codexlb.domain.key.ApiKey;
import io.codexlb.domain.key.ApiKeyId;
import io.codexlb.domain.key.KeyHash;
import io.codexlb.domain.limit.Admission;
import io.codexlb.domain.limit.KeyLimit;
import io.codexlb.domain.limit.LimitType;
import io.codexlb.domain.limit.LimitWindow;
import io.codexlb.domain.limit.Usage;
import io.codexlb.port.out.CountingLimitLeaseRepository;
import io.codexlb.port.out.InMemoryApiKeyRepository;
import io.codexlb.port.out.InMemoryLimitLeaseRepository;
import io.codexlb.port.out.LeaseGrant;
import io.codexlb.port.out.LeaseRequest;
import io.codexlb.port.out.StoredApiKey;
import io.codexlb.port.out.UsageDelta;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@link LimitBudgets} over the in-memory leases, each instance a {@code LimitBudgets} of its own
 * holder, with the store calls counted: far from a limit a request costs no store call; near it,
 * requests lease (one call however many wait) and two instances together never admit past the limit
 * but by the last request's excess; what was used, written or left idle goes back.
 */
class LimitBudgetsTest {

  /** A Tuesday noon: the daily window ends at midnight UTC. */
  private static final Instant NOW = Instant.parse("2026-03-03T12:00:00Z");

  private static final Instant MIDNIGHT = Instant.parse("2026-03-04T00:00:00Z");
  private static final ApiKeyId KEY = new ApiKeyId("k1");
  private static final LimitType REQUESTS = LimitType.REQUESTS;
  private static final LimitWindow DAILY = LimitWindow.DAILY;

  private final InMemoryApiKeyRepository keys = new InMemoryApiKeyRepository();
  private final InMemoryLimitLeaseRepository store = new InMemoryLimitLeaseRepository(keys);
  private final CountingLimitLeaseRepository counted = new CountingLimitLeaseRepository(store);
  private final ExecutorService clients = Executors.newFixedThreadPool(16);

  @AfterEach
  void stopClients() {
    clients.shutdownNow();
  }

  private void limit(LimitType type, long max) {
    ApiKey key =
        new ApiKey(
            KEY,
            "key k1",
            KeyHash.of("sk-clb-k1"),
            "sk-clb-k1",
            true,
            null,
            Set.of(),
            NOW.minusSeconds(60),
            null);
    await(keys.create(new StoredApiKey(key, List.of(KeyLimit.fresh(type, DAILY, max, NOW)))));
  }

  private static List<LimitBudgets.Need> need(LimitType type, long amount, long max) {
    return List.of(new LimitBudgets.Need(type, DAILY, amount, max));
  }

  private static LimitBudgets.Hold taken(CompletionStage<LimitBudgets.Outcome> stage) {
    LimitBudgets.Outcome outcome = await(stage);
    assertThat(outcome).isInstanceOf(LimitBudgets.Taken.class);
    return ((LimitBudgets.Taken) outcome).hold();
  }

  private static Admission.Refused refused(CompletionStage<LimitBudgets.Outcome> stage) {
    LimitBudgets.Outcome outcome = await(stage);
    assertThat(outcome).isInstanceOf(LimitBudgets.Refused.class);
    return ((LimitBudgets.Refused) outcome).refusal();
  }

  /** The request ends having used {@code used}; its usage is written, as the write-behind does. */
  private void settle(LimitBudgets budgets, LimitBudgets.Hold hold, LimitType type, long used) {
    hold.settle(usage(type, used));
    List<UsageDelta> deltas =
        List.of(new UsageDelta(type, DAILY, type.amountOf(usage(type, used))));
    await(keys.addUsage(KEY, deltas, NOW));
    budgets.written(KEY, deltas);
  }

  private static Usage usage(LimitType type, long amount) {
    return switch (type) {
      case COST_USD -> new Usage(1, 1, amount);
      case INPUT_TOKENS -> new Usage(amount, 0, 0);
      default -> new Usage(0, amount, 0);
    };
  }

  /** What no one has settled or leased on the limit at {@code now}, as the store counts it. */
  private long unleased(LimitType type, Instant now) {
    LeaseGrant probe =
        await(
                store.lease(
                    new LeaseRequest(KEY, type, DAILY, "probe", 1, 1, now, now.plusSeconds(1))))
            .orElseThrow();
    await(store.giveBack(KEY, type, DAILY, "probe", probe.granted()));
    return probe.available() + probe.granted();
  }

  private long stored(LimitType type) {
    return await(keys.find(KEY)).orElseThrow().limits().stream()
        .filter(limit -> limit.type() == type)
        .findFirst()
        .orElseThrow()
        .currentValue();
  }

  @Test
  void farFromTheLimitRequestsAreTakenFromMemoryAndASlowLeaseIsNeverWaitedFor() {
    limit(REQUESTS, 1_000_000);
    LimitBudgets budgets = new LimitBudgets(counted, "a");
    counted.hold();
    int waited = 0;
    for (int i = 0; i < 1_000; i++) {
      CompletionStage<LimitBudgets.Outcome> stage =
          budgets.take(KEY, need(REQUESTS, 1, 1_000_000), NOW);
      if (!stage.toCompletableFuture().isDone()) {
        waited++;
      }
      // The store answers the lease calls made (held, as a slow store would be) only now.
      counted.release();
      counted.hold();
      settle(budgets, taken(stage), REQUESTS, 1);
    }

    // Only the first request, with an empty slice, waited; the slice was then topped up behind
    // the requests: 64 requests' worth per lease, asked for when fewer than 16 were left.
    assertThat(waited).isEqualTo(1);
    assertThat(LimitBudgets.SLICE_CEILINGS).isEqualTo(64);
    assertThat(LimitBudgets.LOW_WATER).isEqualTo(16);
    assertThat(counted.leases()).isBetween(1_000 / 64, 1_000 / 48 + 2);
    assertThat(counted.giveBacks() + counted.renewals() + counted.ends()).isZero();
  }

  @Test
  void requestsWaitingForALeaseShareOneCall() {
    limit(REQUESTS, 1_000_000);
    LimitBudgets budgets = new LimitBudgets(counted, "a");
    counted.hold();
    List<CompletionStage<LimitBudgets.Outcome>> waiting = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      waiting.add(budgets.take(KEY, need(REQUESTS, 1, 1_000_000), NOW));
    }
    assertThat(waiting).noneMatch(stage -> stage.toCompletableFuture().isDone());
    assertThat(counted.leases()).isEqualTo(1);

    counted.release();

    waiting.forEach(LimitBudgetsTest::taken);
    assertThat(counted.leases()).isEqualTo(1);
  }

  /**
   * Two instances, 200 concurrent requests: admitted usage stays within {@code max_value}, but for
   * the last request's excess over what was left when the ceiling exceeds the limit.
   */
  @ParameterizedTest(name = "{0}: max {1}, ceiling {2}, each uses {3}")
  @CsvSource({
    "REQUESTS, 10, 1, 1",
    "TOTAL_TOKENS, 50000, 6000, 3000",
    "TOTAL_TOKENS, 300, 130000, 30",
    "COST_USD, 40000, 5000, 2500",
  })
  void twoInstancesNeverAdmitPastTheLimitButByTheLastRequestsExcess(
      LimitType type, long max, long ceiling, long used) throws Exception {
    limit(type, max);
    List<LimitBudgets> instances =
        List.of(new LimitBudgets(counted, "a"), new LimitBudgets(counted, "b"));
    List<Future<Boolean>> requests = new ArrayList<>();
    CompletableFuture<Void> start = new CompletableFuture<>();
    for (int i = 0; i < 200; i++) {
      LimitBudgets instance = instances.get(i % 2);
      boolean tick = i % 20 == 0;
      requests.add(
          clients.submit(
              () -> {
                start.join();
                LimitBudgets.Outcome outcome =
                    await(instance.take(KEY, need(type, ceiling, max), NOW));
                if (tick) {
                  await(instance.tick(NOW));
                }
                if (outcome instanceof LimitBudgets.Taken taken) {
                  settle(instance, taken.hold(), type, used);
                  return true;
                }
                Admission.Refused refusal = ((LimitBudgets.Refused) outcome).refusal();
                assertThat(refusal.type()).isEqualTo(type);
                assertThat(refusal.retryAfterSeconds()).isPositive();
                return false;
              }));
    }
    start.complete(null);
    long admitted = 0;
    for (Future<Boolean> request : requests) {
      admitted += request.get() ? 1 : 0;
    }

    long admittedUsage = admitted * used;
    assertThat(admitted).isPositive();
    assertThat(stored(type)).isEqualTo(admittedUsage);
    // The last request may use more than was left (when that was less than its ceiling), never
    // more than its own usage past it; a request's ceiling of one (requests) leaves no excess.
    assertThat(admittedUsage).isLessThan(max + used);
    if (type == REQUESTS) {
      assertThat(admittedUsage).isLessThanOrEqualTo(max);
    }
  }

  @Test
  void usedAndWrittenUsageGoesBackOnTheTickAndAnIdleSliceAfterwards() {
    limit(REQUESTS, 1_000);
    LimitBudgets budgets = new LimitBudgets(counted, "a");
    LimitBudgets.Hold hold = taken(budgets.take(KEY, need(REQUESTS, 1, 1_000), NOW));
    // Half of the fair share is 500; a lease asks for at most 64 ceilings.
    assertThat(unleased(REQUESTS, NOW)).isEqualTo(1_000 - 64);

    settle(budgets, hold, REQUESTS, 1);
    // Written but not given back yet: counted twice, never less.
    assertThat(unleased(REQUESTS, NOW)).isEqualTo(1_000 - 1 - 64);
    await(budgets.tick(NOW));
    assertThat(unleased(REQUESTS, NOW)).isEqualTo(1_000 - 1 - 63);

    await(budgets.tick(NOW.plus(LimitBudgets.IDLE)));
    assertThat(unleased(REQUESTS, NOW.plus(LimitBudgets.IDLE))).isEqualTo(1_000 - 1);
    assertThat(counted.giveBacks()).isEqualTo(2);
  }

  @Test
  void leasesInUseAreRenewedBeforeTheyExpireAndEndedAtStop() {
    limit(REQUESTS, 1_000);
    LimitBudgets budgets = new LimitBudgets(counted, "a");
    taken(budgets.take(KEY, need(REQUESTS, 1, 1_000), NOW)); // in flight, so never idle

    await(budgets.tick(NOW));
    await(budgets.tick(NOW.plusSeconds(9)));
    assertThat(counted.renewals()).isEqualTo(1);
    await(budgets.tick(NOW.plus(LimitBudgets.RENEW_EVERY)));
    assertThat(counted.renewals()).isEqualTo(2);

    // Past the first term (NOW + 30 s) the slice still counts: it was renewed until NOW + 40 s.
    Instant later = NOW.plus(LimitBudgets.TERM).plusSeconds(5);
    assertThat(unleased(REQUESTS, later)).isEqualTo(1_000 - 64);

    await(budgets.stop());
    assertThat(counted.ends()).isEqualTo(1);
    assertThat(unleased(REQUESTS, later)).isEqualTo(1_000);
  }

  @Test
  void aDeadInstancesSliceComesBackWhenItsLeaseExpires() {
    limit(REQUESTS, 1_000);
    LimitBudgets dead = new LimitBudgets(counted, "dead");
    taken(dead.take(KEY, need(REQUESTS, 1, 1_000), NOW));
    // No tick, no stop: as after kill -9.

    assertThat(unleased(REQUESTS, NOW.plus(LimitBudgets.TERM).minusSeconds(1)))
        .isEqualTo(1_000 - 64);
    assertThat(unleased(REQUESTS, NOW.plus(LimitBudgets.TERM))).isEqualTo(1_000);
  }

  @Test
  void aLoweredLimitVoidsWhatIsFreeSoTheNextRequestLeasesUnderTheNewMaximum() {
    limit(REQUESTS, 1_000);
    LimitBudgets budgets = new LimitBudgets(counted, "a");
    taken(budgets.take(KEY, need(REQUESTS, 1, 1_000), NOW)); // slice of 64, one in flight
    await(keys.putLimit(KEY, KeyLimit.fresh(REQUESTS, DAILY, 1, NOW)));

    // The ledger now says 1: the 63 free go back, and the store has nothing left to grant.
    Admission.Refused refusal = refused(budgets.take(KEY, need(REQUESTS, 1, 1), NOW));
    assertThat(refusal.reason()).isEqualTo(Admission.Refused.Reason.BUSY);
    assertThat(counted.leases()).isEqualTo(2);
    await(budgets.tick(NOW));
    assertThat(unleased(REQUESTS, NOW)).isEqualTo(1 - 1);
  }

  @Test
  void aKeyChangeGivesBackWhatIsFreeAndTheNextRequestLeasesAgain() {
    limit(REQUESTS, 1_000);
    LimitBudgets budgets = new LimitBudgets(counted, "a");
    taken(budgets.take(KEY, need(REQUESTS, 1, 1_000), NOW));
    assertThat(counted.leases()).isEqualTo(1);

    budgets.invalidate();
    await(budgets.tick(NOW));

    assertThat(unleased(REQUESTS, NOW)).isEqualTo(1_000 - 1);
    taken(budgets.take(KEY, need(REQUESTS, 1, 1_000), NOW));
    assertThat(counted.leases()).isEqualTo(2);
  }

  @Test
  void aLimitUsedUpIsRefusedUntilItsWindowResets() {
    limit(REQUESTS, 2);
    LimitBudgets budgets = new LimitBudgets(counted, "a");
    settle(budgets, taken(budgets.take(KEY, need(REQUESTS, 1, 2), NOW)), REQUESTS, 1);
    // Until the tick gives the written usage back, it is counted twice: the next request waits,
    // and for a second (its Retry-After) others are refused from memory, with no store call.
    assertThat(refused(budgets.take(KEY, need(REQUESTS, 1, 2), NOW)).reason())
        .isEqualTo(Admission.Refused.Reason.BUSY);
    int leases = counted.leases();
    await(budgets.tick(NOW));
    assertThat(refused(budgets.take(KEY, need(REQUESTS, 1, 2), NOW)).retryAfterSeconds())
        .isEqualTo(1);
    assertThat(counted.leases()).isEqualTo(leases);
    Instant second = NOW.plus(LimitBudgets.DRY);
    settle(budgets, taken(budgets.take(KEY, need(REQUESTS, 1, 2), second)), REQUESTS, 1);
    await(budgets.tick(second));

    Admission.Refused refusal = refused(budgets.take(KEY, need(REQUESTS, 1, 2), second));

    assertThat(refusal.reason()).isEqualTo(Admission.Refused.Reason.USED_UP);
    assertThat(refusal.resetAt()).isEqualTo(MIDNIGHT);
    assertThat(refusal.retryAfterSeconds()).isEqualTo(RetryAfter.seconds(second, MIDNIGHT));
    // The next window starts from nothing.
    taken(budgets.take(KEY, need(REQUESTS, 1, 2), MIDNIGHT.plusSeconds(1)));
  }

  @Test
  void aStoreThatCannotBeReachedRefusesOnlyTheRequestsThatMustLease() {
    limit(REQUESTS, 1_000);
    LimitBudgets budgets = new LimitBudgets(counted, "a");
    taken(budgets.take(KEY, need(REQUESTS, 1, 1_000), NOW));
    counted.failing(true);

    // Covered by the slice: admitted from memory, the store is not needed.
    taken(budgets.take(KEY, need(REQUESTS, 1, 1_000), NOW));
    // Larger than the slice: refused, to be tried again in a second.
    Admission.Refused refusal = refused(budgets.take(KEY, need(REQUESTS, 100, 1_000), NOW));
    assertThat(refusal.reason()).isEqualTo(Admission.Refused.Reason.BUSY);
    assertThat(refusal.retryAfterSeconds()).isEqualTo(1);
  }

  @Test
  void aLimitTheStoreNoLongerHasAdmitsTheRequest() {
    limit(REQUESTS, 1_000);
    LimitBudgets budgets = new LimitBudgets(counted, "a");
    await(keys.removeLimit(KEY, REQUESTS, DAILY));

    taken(budgets.take(KEY, need(REQUESTS, 1, 1_000), NOW));
  }
}
