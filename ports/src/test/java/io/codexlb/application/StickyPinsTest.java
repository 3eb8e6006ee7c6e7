package io.codexlb.application;

import static io.codexlb.port.out.Stages.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.codexlb.domain.account.AccountId;
import io.codexlb.domain.sticky.StickyKey;
import io.codexlb.domain.sticky.StickyPin;
import io.codexlb.domain.sticky.StickyPolicy;
import io.codexlb.domain.sticky.StickySessions;
import io.codexlb.port.out.InMemoryStickySessionRepository;
import io.codexlb.port.out.StickyPinPage;
import io.codexlb.port.out.StickySessionRepository;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class StickyPinsTest {

  private static final Instant T = Instant.parse("2026-12-06T12:00:00Z");
  private static final Duration TTL = Duration.ofMinutes(30);
  private static final StickyKey KEY = new StickyKey("conv-1");
  private static final AccountId A = new AccountId("acct-a");
  private static final AccountId B = new AccountId("acct-b");

  /** The in-memory store, counting reads, failing writes on demand, holding reads on demand. */
  private static final class Store implements StickySessionRepository {
    final InMemoryStickySessionRepository pins = new InMemoryStickySessionRepository();
    final AtomicBoolean down = new AtomicBoolean();
    final AtomicInteger finds = new AtomicInteger();
    volatile CompletableFuture<Void> findGate = CompletableFuture.completedFuture(null);

    @Override
    public CompletionStage<Optional<StickyPin>> find(StickyKey key, Instant now) {
      finds.incrementAndGet();
      return findGate.thenCompose(open -> pins.find(key, now));
    }

    @Override
    public CompletionStage<Void> saveAll(List<StickyPin> batch) {
      return down.get()
          ? CompletableFuture.failedFuture(new IllegalStateException("store down"))
          : pins.saveAll(batch);
    }

    @Override
    public CompletionStage<StickyPinPage> list(Instant now, Optional<StickyKey> after, int limit) {
      return pins.list(now, after, limit);
    }

    @Override
    public CompletionStage<Boolean> delete(StickyKey key) {
      return pins.delete(key);
    }

    @Override
    public CompletionStage<Integer> deleteByAccount(AccountId account) {
      return down.get()
          ? CompletableFuture.failedFuture(new IllegalStateException("store down"))
          : pins.deleteByAccount(account);
    }

    @Override
    public CompletionStage<Integer> deleteExpired(Instant now) {
      return pins.deleteExpired(now);
    }

    @Override
    public CompletionStage<Integer> deleteAll() {
      return pins.deleteAll();
    }

    Optional<StickyPin> stored(StickyKey key, Instant now) {
      return await(pins.find(key, now));
    }
  }

  private final Store store = new Store();
  private final StickySessions sessions = StickySessions.create(new StickyPolicy(true, TTL));
  private final StickyPins pins = new StickyPins(sessions, store, Duration.ofMillis(50));

  @Test
  void aPinMadeOrSlidIsWrittenByTheNextFlushNotBefore() {
    sessions.pin(KEY, A, T);
    pins.touched(KEY, T);
    assertThat(store.stored(KEY, T)).as("written behind, not at once").isEmpty();

    await(pins.flush(T));
    assertThat(store.stored(KEY, T)).contains(new StickyPin(KEY, A, T.plus(TTL)));

    // A later use slides the pin: the newest expiry is what the next flush writes.
    Instant later = T.plusSeconds(600);
    sessions.lookup(KEY, later);
    pins.touched(KEY, later);
    await(pins.flush(later));
    assertThat(store.stored(KEY, later)).contains(new StickyPin(KEY, A, later.plus(TTL)));
    assertThat(pins.pending()).isZero();
  }

  @Test
  void aFailedWriteIsKeptAndANewerPinOfTheKeyWins() {
    sessions.pin(KEY, A, T);
    pins.touched(KEY, T);
    store.down.set(true);
    assertThat(pins.flush(T).toCompletableFuture()).isCompletedExceptionally();
    assertThat(pins.pending()).isEqualTo(1);

    Instant later = T.plusSeconds(5);
    sessions.pin(KEY, B, later);
    pins.touched(KEY, later);
    store.down.set(false);
    await(pins.flush(later));

    assertThat(store.stored(KEY, later)).contains(new StickyPin(KEY, B, later.plus(TTL)));
  }

  @Test
  void aMissReadsTheStoreOnceAndPutsTheStoredPinBackWithItsExpiry() {
    StickyPin stored = new StickyPin(KEY, B, T.plusSeconds(90));
    await(store.pins.saveAll(List.of(stored)));

    await(pins.recall(Optional.of(KEY), T));
    await(pins.recall(Optional.of(KEY), T));

    assertThat(sessions.peek(KEY, T)).contains(stored);
    assertThat(store.finds.get()).as("the second request found it in memory").isEqualTo(1);
  }

  @Test
  void noKeyAPinInMemoryOrStickinessOffReadNothing() {
    sessions.pin(KEY, A, T);
    assertThat(pins.recall(Optional.empty(), T).toCompletableFuture()).isDone();
    assertThat(pins.recall(Optional.of(KEY), T).toCompletableFuture()).isDone();
    sessions.configure(new StickyPolicy(false, TTL));
    assertThat(pins.recall(Optional.of(new StickyKey("other")), T).toCompletableFuture()).isDone();

    assertThat(store.finds.get()).isZero();
  }

  @Test
  void requestsMissingOnOneKeyShareOneReadAndASlowStoreDelaysThemOnlyUpToTheTimeout() {
    await(store.pins.saveAll(List.of(new StickyPin(KEY, B, T.plusSeconds(90)))));
    store.findGate = new CompletableFuture<>(); // the store does not answer yet

    CompletableFuture<Void> first = pins.recall(Optional.of(KEY), T).toCompletableFuture();
    CompletableFuture<Void> second = pins.recall(Optional.of(KEY), T).toCompletableFuture();

    assertThat(store.finds.get()).isEqualTo(1);
    // Both are released by the timeout while the store still has not answered.
    first.orTimeout(10, TimeUnit.SECONDS).join();
    second.orTimeout(10, TimeUnit.SECONDS).join();
    assertThat(sessions.peek(KEY, T)).isEmpty();

    // The read that answers late still fills memory for the next request.
    store.findGate.complete(null);
    assertThat(sessions.peek(KEY, T)).contains(new StickyPin(KEY, B, T.plusSeconds(90)));
  }

  @Test
  void aFailedReadRoutesWithoutThePin() {
    store.findGate = CompletableFuture.failedFuture(new IllegalStateException("store down"));

    await(pins.recall(Optional.of(KEY), T));

    assertThat(sessions.peek(KEY, T)).isEmpty();
  }

  @Test
  void anExpiredStoredPinIsNotRestored() {
    await(store.pins.saveAll(List.of(new StickyPin(KEY, B, T))));

    await(pins.recall(Optional.of(KEY), T));

    assertThat(sessions.peek(KEY, T)).isEmpty();
  }

  @Test
  void aRemovedAccountLosesItsPinsInMemoryAtOnceAndInTheStoreAtTheFlush() {
    await(
        store.pins.saveAll(
            List.of(
                new StickyPin(KEY, A, T.plusSeconds(60)),
                new StickyPin(new StickyKey("conv-2"), B, T.plusSeconds(60)))));
    sessions.pin(KEY, A, T);
    pins.touched(KEY, T);

    pins.accountRemoved(A);
    assertThat(sessions.peek(KEY, T)).isEmpty();
    await(pins.flush(T));

    assertThat(store.stored(KEY, T)).isEmpty();
    assertThat(store.stored(new StickyKey("conv-2"), T)).isPresent();
  }

  @Test
  void droppingAllForgetsMemoryAndUnwrittenNotesSoTheStoreIsReadAgain() {
    sessions.pin(KEY, A, T);
    pins.touched(KEY, T);

    pins.dropAll();
    await(pins.flush(T));

    assertThat(sessions.size()).isZero();
    assertThat(store.stored(KEY, T)).as("the dropped note is not written").isEmpty();
  }

  @Test
  void theFlushEvictsExpiredPinsFromMemory() {
    sessions.pin(KEY, A, T);

    await(pins.flush(T.plus(TTL)));

    assertThat(sessions.size()).isZero();
  }
}
