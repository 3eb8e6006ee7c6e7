package io.codexlb.port.out;

import static java.util.Objects.requireNonNull;

import io.codexlb.domain.key.ApiKeyId;
import io.codexlb.domain.limit.LimitType;
import io.codexlb.domain.limit.LimitWindow;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A {@link LimitLeaseRepository} that counts the calls made to the one it wraps, for tests and
 * harnesses that check how many store calls a request costs. Its lease answers can be held back (to
 * see concurrent requests share one call) or failed (a store that is down).
 */
public final class CountingLimitLeaseRepository implements LimitLeaseRepository {

  private final LimitLeaseRepository target;
  private final AtomicInteger leases = new AtomicInteger();
  private final AtomicInteger giveBacks = new AtomicInteger();
  private final AtomicInteger renewals = new AtomicInteger();
  private final AtomicInteger ends = new AtomicInteger();
  private final List<Runnable> held = new ArrayList<>();
  private boolean holding;
  private boolean failing;

  public CountingLimitLeaseRepository(LimitLeaseRepository target) {
    this.target = requireNonNull(target, "target");
  }

  /** Lease calls made so far. */
  public int leases() {
    return leases.get();
  }

  /** Give-back calls made so far. */
  public int giveBacks() {
    return giveBacks.get();
  }

  /** Renewal calls made so far. */
  public int renewals() {
    return renewals.get();
  }

  /** {@code endAll} calls made so far. */
  public int ends() {
    return ends.get();
  }

  /** Every call made so far. */
  public int calls() {
    return leases() + giveBacks() + renewals() + ends();
  }

  /** From now on, lease calls reach the store only when {@link #release()} is called. */
  public synchronized void hold() {
    holding = true;
  }

  /** Lets the held lease calls through, and the next ones at once. */
  public void release() {
    List<Runnable> due;
    synchronized (this) {
      holding = false;
      due = List.copyOf(held);
      held.clear();
    }
    due.forEach(Runnable::run);
  }

  /** Whether lease calls fail, as with a store that cannot be reached. */
  public synchronized void failing(boolean fail) {
    failing = fail;
  }

  @Override
  public CompletionStage<Optional<LeaseGrant>> lease(LeaseRequest request) {
    leases.incrementAndGet();
    synchronized (this) {
      if (failing) {
        return CompletableFuture.failedFuture(new IllegalStateException("store unreachable"));
      }
      if (holding) {
        CompletableFuture<Optional<LeaseGrant>> answer = new CompletableFuture<>();
        held.add(
            () ->
                target
                    .lease(request)
                    .whenComplete(
                        (grant, error) -> {
                          if (error != null) {
                            answer.completeExceptionally(error);
                          } else {
                            answer.complete(grant);
                          }
                        }));
        return answer;
      }
    }
    return target.lease(request);
  }

  @Override
  public CompletionStage<Long> giveBack(
      ApiKeyId key, LimitType type, LimitWindow window, String holder, long amount) {
    giveBacks.incrementAndGet();
    return target.giveBack(key, type, window, holder, amount);
  }

  @Override
  public CompletionStage<Integer> renewAll(String holder, Instant now, Instant expiresAt) {
    renewals.incrementAndGet();
    return target.renewAll(holder, now, expiresAt);
  }

  @Override
  public CompletionStage<Void> endAll(String holder) {
    ends.incrementAndGet();
    return target.endAll(holder);
  }
}
