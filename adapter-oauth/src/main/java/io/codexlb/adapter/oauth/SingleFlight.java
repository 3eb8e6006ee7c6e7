package io.codexlb.adapter.oauth;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * One call per key at a time: callers that ask for a key while a call for it is running share that
 * call's outcome instead of starting another. An outcome may be kept for a while after it arrives
 * ({@code keepFor}), so that callers arriving just after still share it.
 *
 * <p>Each caller gets its own copy of the shared stage, so one caller completing or cancelling its
 * copy cannot change what the others see. Thread-safe.
 *
 * @param <K> the key; compared with {@code equals}
 * @param <V> the outcome
 */
final class SingleFlight<K, V> {

  private final ConcurrentMap<K, CompletableFuture<V>> flights = new ConcurrentHashMap<>();
  private final Function<V, Duration> keepFor;
  private final BiConsumer<Duration, Runnable> scheduler;

  /**
   * @param keepFor how long an outcome is still shared after it arrives; zero for not at all
   * @param scheduler runs the task after the delay, on any thread
   */
  SingleFlight(Function<V, Duration> keepFor, BiConsumer<Duration, Runnable> scheduler) {
    this.keepFor = requireNonNull(keepFor, "keepFor");
    this.scheduler = requireNonNull(scheduler, "scheduler");
  }

  /**
   * The outcome of the running or kept call for {@code key}, or else of a new {@code call}. A call
   * that fails or throws is shared as that failure and never kept.
   */
  CompletionStage<V> run(K key, Supplier<? extends CompletionStage<V>> call) {
    requireNonNull(key, "key");
    requireNonNull(call, "call");
    CompletableFuture<V> mine = new CompletableFuture<>();
    CompletableFuture<V> shared = flights.putIfAbsent(key, mine);
    if (shared != null) {
      return shared.copy();
    }
    // Started only once registered, so that its completion always finds the entry to settle.
    CompletionStage<V> stage;
    try {
      stage = call.get();
    } catch (RuntimeException e) {
      stage = CompletableFuture.failedFuture(e);
    }
    stage.whenComplete(
        (outcome, failure) -> {
          // Settled before anyone sees the outcome: a caller that reacts by calling again must
          // find the entry gone unless it is kept.
          settle(key, mine, outcome, failure);
          if (failure == null) {
            mine.complete(outcome);
          } else {
            mine.completeExceptionally(failure);
          }
        });
    return mine.copy();
  }

  /**
   * Keeps {@code outcome} for {@code key} as if a call had just ended with it, for callers that
   * come later; nothing happens while a call for {@code key} runs or an outcome is kept. For an
   * outcome that arrives outside a call, such as an answer after its caller stopped waiting.
   */
  void offer(K key, V outcome) {
    requireNonNull(key, "key");
    requireNonNull(outcome, "outcome");
    CompletableFuture<V> kept = CompletableFuture.completedFuture(outcome);
    if (flights.putIfAbsent(key, kept) == null) {
      settle(key, kept, outcome, null);
    }
  }

  /** How many keys have a running or kept call; for tests. */
  int size() {
    return flights.size();
  }

  private void settle(K key, CompletableFuture<V> flight, V outcome, @Nullable Throwable failure) {
    Duration keep = failure == null ? keepFor.apply(outcome) : Duration.ZERO;
    if (keep.isZero() || keep.isNegative()) {
      flights.remove(key, flight);
    } else {
      scheduler.accept(keep, () -> flights.remove(key, flight));
    }
  }
}
