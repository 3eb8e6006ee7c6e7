package io.codexlb.bootstrap.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.codexlb.domain.health.CheckResult;
import io.codexlb.port.out.InMemoryStoreMetadataRepository;
import io.codexlb.port.out.KeyFingerprintCheck;
import io.codexlb.port.out.ReversingSecretCipher;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class StoreSupervisorTest {

  private final InMemoryStoreMetadataRepository metadata = new InMemoryStoreMetadataRepository();
  private final AtomicInteger closes = new AtomicInteger();
  private final Deque<Runnable> scheduled = new ArrayDeque<>();
  private final List<Duration> delays = new ArrayList<>();

  private StoreSupervisor supervisor(StoreOpener opener, String fingerprint) {
    return new StoreSupervisor(
        opener,
        new ReversingSecretCipher(fingerprint),
        "/data/encryption.key",
        (delay, task) -> {
          delays.add(delay);
          scheduled.add(task);
        });
  }

  private StoreOpener failingTimes(int failures) {
    AtomicInteger attempts = new AtomicInteger();
    return () ->
        attempts.incrementAndGet() <= failures
            ? CompletableFuture.failedFuture(
                new IllegalStateException("connection refused: 127.0.0.1:5432\n\tat somewhere"))
            : CompletableFuture.completedFuture(InMemoryStores.create(metadata, closes));
  }

  private static CheckResult check(StoreSupervisor supervisor) throws Exception {
    return supervisor.check().toCompletableFuture().get();
  }

  @Test
  void aStoreThatOpensIsReadyAndClaimsTheKeyFingerprint() throws Exception {
    StoreSupervisor supervisor = supervisor(failingTimes(0), "key-a");

    supervisor.start().toCompletableFuture().get();

    assertThat(supervisor.current()).isPresent();
    assertThat(check(supervisor).passed()).isTrue();
    assertThat(metadata.claimKeyFingerprint("key-a").toCompletableFuture().get())
        .isEqualTo(new KeyFingerprintCheck.Matches());
  }

  @Test
  void anUnavailableStoreIsNotReadyWithTheReasonAndIsRetriedWithGrowingDelays() throws Exception {
    StoreSupervisor supervisor = supervisor(failingTimes(3), "key-a");

    supervisor.start().toCompletableFuture().get();

    assertThat(supervisor.current()).isEmpty();
    assertThat(check(supervisor))
        .isEqualTo(CheckResult.fail("store: unavailable: connection refused: 127.0.0.1:5432"));
    scheduled.poll().run();
    scheduled.poll().run();
    assertThat(supervisor.current()).isEmpty();
    scheduled.poll().run();

    assertThat(supervisor.current()).isPresent();
    assertThat(check(supervisor).passed()).isTrue();
    assertThat(supervisor.whenOpen().toCompletableFuture().isDone()).isTrue();
    assertThat(delays)
        .containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4));
  }

  @Test
  void retryDelaysStopGrowingAtTheCap() throws Exception {
    StoreSupervisor supervisor = supervisor(failingTimes(8), "key-a");
    supervisor.start().toCompletableFuture().get();

    while (!scheduled.isEmpty()) {
      scheduled.poll().run();
    }

    assertThat(delays).endsWith(StoreSupervisor.MAX_RETRY, StoreSupervisor.MAX_RETRY);
    assertThat(supervisor.current()).isPresent();
  }

  @Test
  void aRefusedStoreIsNotRetriedAndSaysWhy() {
    StoreSupervisor supervisor =
        supervisor(
            () ->
                CompletableFuture.failedFuture(
                    new StoreRefusedException("schema version 9 is newer than this code's 2")),
            "key-a");

    assertThatThrownBy(() -> supervisor.start().toCompletableFuture().get())
        .isInstanceOf(ExecutionException.class)
        .hasRootCauseInstanceOf(StoreRefusedException.class)
        .hasRootCauseMessage("schema version 9 is newer than this code's 2");
    assertThat(scheduled).isEmpty();
  }

  @Test
  void aStoreSealedWithAnotherKeyIsRefusedClosedAndLeftUnchanged() throws Exception {
    supervisor(failingTimes(0), "key-a").start().toCompletableFuture().get();
    StoreSupervisor withOtherKey = supervisor(failingTimes(0), "key-b");

    CompletionStage<Void> start = withOtherKey.start();

    assertThatThrownBy(() -> start.toCompletableFuture().get())
        .hasRootCauseInstanceOf(StoreRefusedException.class)
        .hasRootCauseMessage(
            "its secrets were sealed with another encryption key (the store records key-a,"
                + " /data/encryption.key has key-b); start with the original key file");
    assertThat(withOtherKey.current()).isEmpty();
    assertThat(closes).hasValue(1);
    assertThat(check(withOtherKey).passed()).isFalse();
    assertThat(metadata.claimKeyFingerprint("key-a").toCompletableFuture().get())
        .isEqualTo(new KeyFingerprintCheck.Matches());
  }

  @Test
  void stopEndsRetriesAndClosesAnOpenStore() throws Exception {
    StoreSupervisor open = supervisor(failingTimes(0), "key-a");
    open.start().toCompletableFuture().get();

    open.stop().toCompletableFuture().get();

    assertThat(closes).hasValue(1);
  }
}
