package io.codexlb.application;

import static io.codexlb.application.DataPlaneFixture.KEY_ID;
import static io.codexlb.application.DataPlaneFixture.NOW;
import static io.codexlb.port.out.Stages.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.codexlb.domain.limit.Admission;
import io.codexlb.domain.limit.KeyLimit;
import io.codexlb.domain.limit.LimitType;
import io.codexlb.domain.limit.LimitWindow;
import io.codexlb.domain.limit.Usage;
import io.codexlb.port.in.ProxyResponsesCommand;
import io.codexlb.port.in.ProxyResponsesResult.Refusal;
import io.codexlb.port.out.CountingLimitLeaseRepository;
import io.codexlb.port.out.InMemoryLimitLeaseRepository;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;

/**
 * {@link KeyGate} on a store several instances share: it admits against the ledger, then against
 * this instance's leased slices, refusing (and releasing the ledger's reservation) what the shared
 * budget cannot cover.
 */
class KeyGateSharedLimitsTest {

  private final DataPlaneFixture f = new DataPlaneFixture();

  private KeyGate gate(LimitBudgets budgets) {
    return new KeyGate(
        await(AuthenticateApiKeyService.start(f.keys, f.changes)),
        f.ledgers,
        f.prices,
        Optional.of(budgets));
  }

  private static ProxyResponsesCommand at(ProxyResponsesCommand request, Instant receivedAt) {
    return new ProxyResponsesCommand(
        request.requestId(),
        request.bearer(),
        request.model(),
        request.promptCacheKey(),
        request.body(),
        request.headers(),
        receivedAt);
  }

  private long ledgerCount() {
    return f.ledgers.ledger(KEY_ID).limits(NOW.plusSeconds(1)).get(0).currentValue();
  }

  @Test
  void aRequestTheSharedBudgetCannotCoverIsRefusedWithItsLedgerReservationReleased() {
    f.start(Set.of(), List.of(KeyLimit.fresh(LimitType.REQUESTS, LimitWindow.DAILY, 1, NOW)), "a");
    InMemoryLimitLeaseRepository store = new InMemoryLimitLeaseRepository(f.keys);
    // Another instance leased the whole budget (one request) and has it in flight.
    LimitBudgets other = new LimitBudgets(store, "other");
    assertThat(
            await(
                other.take(
                    KEY_ID,
                    List.of(new LimitBudgets.Need(LimitType.REQUESTS, LimitWindow.DAILY, 1, 1)),
                    NOW)))
        .isInstanceOf(LimitBudgets.Taken.class);
    KeyGate gate = gate(new LimitBudgets(store, "this"));

    KeyGate.Decision refused = await(gate.admit(f.request("r1")));

    assertThat(refused).isInstanceOf(KeyGate.Refused.class);
    Refusal refusal = ((KeyGate.Refused) refused).refusal();
    assertThat(refusal).isInstanceOf(Refusal.LimitExceeded.class);
    Admission.Refused admission = ((Refusal.LimitExceeded) refusal).admission();
    assertThat(admission.reason()).isEqualTo(Admission.Refused.Reason.BUSY);
    assertThat(admission.retryAfterSeconds()).isEqualTo(1);
    assertThat(ledgerCount()).as("the ledger's reservation released").isZero();

    // Once the other instance stops (ending its leases), this one leases the budget and admits,
    // after the second its refusal asked the client to wait.
    await(other.stop());
    KeyGate.Decision admitted = await(gate.admit(at(f.request("r2"), NOW.plusSeconds(1))));
    assertThat(admitted).isInstanceOf(KeyGate.Admitted.class);
    assertThat(((KeyGate.Admitted) admitted).hold().settle(new Usage(1, 1, 1), NOW)).isTrue();
    assertThat(ledgerCount()).isEqualTo(1);
  }

  @Test
  void farFromTheLimitTheGateAnswersAtOnceWithoutAStoreCall() {
    f.start(
        Set.of(),
        List.of(KeyLimit.fresh(LimitType.REQUESTS, LimitWindow.DAILY, 1_000_000, NOW)),
        "a");
    CountingLimitLeaseRepository counted =
        new CountingLimitLeaseRepository(new InMemoryLimitLeaseRepository(f.keys));
    KeyGate gate = gate(new LimitBudgets(counted, "this"));
    await(gate.admit(f.request("first"))); // the first request leases the slice
    int calls = counted.calls();

    for (int i = 0; i < 10; i++) {
      CompletionStage<KeyGate.Decision> decision = gate.admit(f.request("r" + i));
      assertThat(decision.toCompletableFuture())
          .isCompletedWithValueMatching(KeyGate.Admitted.class::isInstance);
    }
    assertThat(counted.calls()).isEqualTo(calls);
  }
}
