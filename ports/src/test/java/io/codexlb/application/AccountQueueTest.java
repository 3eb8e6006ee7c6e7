package io.codexlb.application;

import static io.codexlb.application.DataPlaneFixture.NOW;
import static io.codexlb.application.DataPlaneFixture.collect;
import static io.codexlb.application.DataPlaneFixture.refusal;
import static io.codexlb.port.out.Stages.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.codexlb.domain.account.AccountEvent;
import io.codexlb.domain.account.AccountId;
import io.codexlb.domain.routing.PickResult;
import io.codexlb.domain.routing.RefusalReason;
import io.codexlb.domain.settings.RoutingSettings;
import io.codexlb.domain.settings.RoutingStrategy;
import io.codexlb.port.in.ProxyResponsesResult;
import io.codexlb.port.in.ProxyResponsesResult.Refusal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * Requests arriving while every account is at its concurrency cap: they wait in a fair queue for a
 * slot, and are refused with 429 {@code accounts_busy} (never {@code no_accounts}) when none comes
 * free in time.
 */
class AccountQueueTest {

  private static final AccountId A = new AccountId("a");
  private static final AccountId B = new AccountId("b");

  private final DataPlaneFixture f = new DataPlaneFixture();

  /** Starts the fixture with every account capped at one request in flight. */
  private void startCappedAtOne(String... accounts) {
    await(
        f.settings.save(
            new RoutingSettings(
                RoutingStrategy.FILL_FIRST, false, false, Duration.ofMinutes(30), 1, 0, null, 0)));
    f.start(accounts);
  }

  private CompletableFuture<PickResult> waitForSlot() {
    return f.pool.pickOrWait(Optional.empty(), Set.of(), f.clock.instant());
  }

  @Test
  void aRequestFindingEveryAccountAtItsCapWaitsAndGetsTheFreedSlot() {
    startCappedAtOne("a");
    assertThat(await(waitForSlot())).isEqualTo(new PickResult.Picked(A));

    CompletableFuture<PickResult> waiting = waitForSlot();

    assertThat(waiting).isNotDone();
    assertThat(f.pool.waiting()).isOne();
    f.pool.release(A);
    assertThat(waiting).isCompletedWithValue(new PickResult.Picked(A));
    assertThat(f.pool.waiting()).isZero();
    assertThat(f.inFlight()).as("the slot passed on, still counted").isOne();
  }

  @Test
  void freedSlotsGoToTheWaitersInTheOrderTheyArrived() {
    startCappedAtOne("a", "b");
    await(waitForSlot());
    await(waitForSlot());
    List<CompletableFuture<PickResult>> waiters = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      waiters.add(waitForSlot());
    }

    f.pool.release(B);
    assertThat(waiters.get(0)).isCompletedWithValue(new PickResult.Picked(B));
    assertThat(waiters.get(1)).isNotDone();

    f.pool.release(A);
    assertThat(waiters.get(1)).isCompletedWithValue(new PickResult.Picked(A));
    assertThat(waiters.get(2)).isNotDone();
  }

  @Test
  void aSlotFreedBeforeANewcomerArrivesGoesToTheOlderWaiter() {
    startCappedAtOne("a");
    await(waitForSlot());
    CompletableFuture<PickResult> older = waitForSlot();

    // The slot frees while the newcomer arrives: the older waiter takes it.
    f.pool.acquire(A);
    f.pool.release(A);
    f.pool.release(A);
    CompletableFuture<PickResult> newcomer = waitForSlot();

    assertThat(older).isCompletedWithValue(new PickResult.Picked(A));
    assertThat(newcomer).isNotDone();
  }

  @Test
  void aWaitThatTimesOutIsA429AccountsBusyNeverNoAccounts() {
    startCappedAtOne("a");
    await(waitForSlot());

    CompletableFuture<ProxyResponsesResult> result =
        f.proxy().serve(f.request("r1")).toCompletableFuture();
    assertThat(result).isNotDone();
    f.expireWaits();

    Refusal refusal = refusal(result.join());
    assertThat(refusal).isEqualTo(new Refusal.AccountsBusy(5));
    assertThat(refusal.status()).isEqualTo(429);
    assertThat(refusal.code()).isEqualTo("accounts_busy");
    assertThat(f.pool.waiting()).isZero();
    assertThat(f.logged())
        .singleElement()
        .satisfies(
            log -> {
              assertThat(log.statusCode()).isEqualTo(429);
              assertThat(log.errorCode()).contains("accounts_busy");
            });
  }

  @Test
  void aWaitingRequestIsServedEndToEndWhenAStreamEnds() {
    startCappedAtOne("a");
    ProxyResponsesResult first = await(f.proxy().serve(f.request("r1")));
    CompletableFuture<ProxyResponsesResult> second =
        f.proxy().serve(f.request("r2")).toCompletableFuture();
    assertThat(second).isNotDone();

    assertThat(collect(first).completed).isTrue();

    assertThat(collect(second.join()).completed).isTrue();
    assertThat(f.inFlight()).isZero();
  }

  @Test
  void aZeroTimeoutRefusesAtOnce() {
    f.queuePolicy = new SlotQueue.Policy(Duration.ZERO, 16, (delay, task) -> f.timeouts.add(task));
    startCappedAtOne("a");
    await(waitForSlot());

    assertThat(waitForSlot())
        .isCompletedWithValue(new PickResult.Refused(RefusalReason.ALL_BUSY, Optional.empty()));
    assertThat(f.pool.waiting()).isZero();
  }

  @Test
  void beyondItsCapacityTheQueueRefusesAtOnce() {
    f.queuePolicy =
        new SlotQueue.Policy(Duration.ofSeconds(30), 2, (delay, task) -> f.timeouts.add(task));
    startCappedAtOne("a");
    await(waitForSlot());
    CompletableFuture<PickResult> first = waitForSlot();
    CompletableFuture<PickResult> second = waitForSlot();

    CompletableFuture<PickResult> third = waitForSlot();

    assertThat(third)
        .isCompletedWithValue(new PickResult.Refused(RefusalReason.ALL_BUSY, Optional.empty()));
    assertThat(first).isNotDone();
    assertThat(second).isNotDone();
    assertThat(f.pool.waiting()).isEqualTo(2);
  }

  @Test
  void aCancelledWaitLeavesTheQueueAndTheSlotGoesToTheNext() {
    startCappedAtOne("a");
    await(waitForSlot());
    CompletableFuture<PickResult> leaving = waitForSlot();
    CompletableFuture<PickResult> staying = waitForSlot();

    leaving.cancel(false);

    assertThat(f.pool.waiting()).isOne();
    f.pool.release(A);
    assertThat(staying).isCompletedWithValue(new PickResult.Picked(A));
    assertThat(f.inFlight()).isOne();
  }

  @Test
  void aWaiterWhoseAccountsAllHitTheirLimitsIsToldSoAtOnce() {
    startCappedAtOne("a");
    await(waitForSlot());
    CompletableFuture<PickResult> waiting = waitForSlot();

    f.pool.record(
        A, new AccountEvent.RateLimitHit(Optional.of(NOW.plusSeconds(60)), Optional.empty()), NOW);

    assertThat(waiting)
        .isCompletedWithValue(
            new PickResult.Refused(RefusalReason.ALL_LIMITED, Optional.of(NOW.plusSeconds(60))));
    assertThat(f.pool.waiting()).isZero();
  }
}
