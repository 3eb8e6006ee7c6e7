package io.codexlb.application;

import io.codexlb.port.out.ModelCatalogReply;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Upstream's model catalog, kept in memory: fetched when first asked for, then refreshed at most
 * once per refresh interval, one fetch at a time, while callers keep getting the catalog held
 * (stale-while-revalidate). A failed fetch keeps what was held and is retried no sooner than the
 * retry interval, so an upstream that is down is not asked once per request either. Thread-safe
 * without a lock: the state is one immutable value swapped whole, and the fetch in flight is
 * claimed by compare-and-set.
 */
final class ModelCatalogCache {

  private final Supplier<CompletionStage<ModelCatalogReply>> fetcher;
  private final Duration refreshInterval;
  private final Duration retryInterval;
  private final Duration firstFetchWait;
  private final Clock clock;

  private volatile State state = new State(Optional.empty(), Instant.MIN);
  private final AtomicReference<CompletableFuture<Optional<List<ModelCatalogReply.Entry>>>>
      inFlight = new AtomicReference<>();

  /**
   * @param fetcher one fetch of the catalog; called at most once at a time
   * @param refreshInterval how long a fetched catalog is fresh
   * @param retryInterval how long after a failed fetch the next may start
   * @param firstFetchWait how long a caller waits for a fetch when no catalog is held yet
   */
  ModelCatalogCache(
      Supplier<CompletionStage<ModelCatalogReply>> fetcher,
      Duration refreshInterval,
      Duration retryInterval,
      Duration firstFetchWait,
      Clock clock) {
    this.fetcher = fetcher;
    this.refreshInterval = refreshInterval;
    this.retryInterval = retryInterval;
    this.firstFetchWait = firstFetchWait;
    this.clock = clock;
  }

  /**
   * The catalog's entries, starting a fetch when one is due. With a catalog held the stage is
   * already complete (a due refresh runs behind it); with none, it completes when the fetch under
   * way ends or the first-fetch wait has passed, empty when there is still no catalog.
   */
  CompletionStage<Optional<List<ModelCatalogReply.Entry>>> current() {
    State held = state;
    CompletableFuture<Optional<List<ModelCatalogReply.Entry>>> fetch = null;
    if (!clock.instant().isBefore(held.nextFetch())) {
      fetch = startFetch();
    }
    if (held.catalog().isPresent()) {
      return CompletableFuture.completedFuture(held.catalog());
    }
    if (fetch == null) {
      fetch = inFlight.get();
    }
    if (fetch == null || fetch.isDone()) {
      return CompletableFuture.completedFuture(fetch == null ? state.catalog() : fetch.join());
    }
    // A copy times out alone, leaving the fetch itself to finish and fill the cache.
    return fetch
        .copy()
        .completeOnTimeout(Optional.empty(), firstFetchWait.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** The fetch under way, or a new one; null when one just ended and the next is not due. */
  private @Nullable CompletableFuture<Optional<List<ModelCatalogReply.Entry>>> startFetch() {
    CompletableFuture<Optional<List<ModelCatalogReply.Entry>>> mine = new CompletableFuture<>();
    if (!inFlight.compareAndSet(null, mine)) {
      return inFlight.get();
    }
    // Another fetch may have ended between reading the state and claiming the slot.
    if (clock.instant().isBefore(state.nextFetch())) {
      inFlight.set(null);
      mine.complete(state.catalog());
      return null;
    }
    CompletionStage<ModelCatalogReply> reply;
    try {
      reply = fetcher.get();
    } catch (RuntimeException bug) {
      reply = CompletableFuture.failedFuture(bug);
    }
    reply.whenComplete((answer, error) -> finish(mine, answer));
    return mine;
  }

  private void finish(
      CompletableFuture<Optional<List<ModelCatalogReply.Entry>>> mine, ModelCatalogReply answer) {
    Instant now = clock.instant();
    State before = state;
    // An empty catalog is no better than none: the configured list answers meanwhile.
    if (answer instanceof ModelCatalogReply.Fetched fetched && !fetched.models().isEmpty()) {
      state = new State(Optional.of(fetched.models()), now.plus(refreshInterval));
    } else {
      state = new State(before.catalog(), now.plus(retryInterval));
    }
    inFlight.set(null);
    mine.complete(state.catalog());
  }

  /**
   * @param catalog the entries held, if a fetch ever succeeded
   * @param nextFetch when the next fetch may start
   */
  private record State(Optional<List<ModelCatalogReply.Entry>> catalog, Instant nextFetch) {}
}
