package io.codexlb.application;

import static io.codexlb.port.out.Stages.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.codexlb.port.out.InMemoryRequestLogRepository;
import io.codexlb.port.out.RequestLog;
import io.codexlb.port.out.RequestLogPage;
import io.codexlb.port.out.RequestLogQuery;
import io.codexlb.port.out.RequestLogRepository;
import io.codexlb.port.out.UsageQuery;
import io.codexlb.port.out.UsageTotals;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class RequestLogWriterTest {

  private static final Instant T = Instant.parse("2026-11-27T12:00:00Z");

  /** The in-memory log, recording batch sizes and failing on demand. */
  private static class RecordingLog implements RequestLogRepository {
    final InMemoryRequestLogRepository logs = new InMemoryRequestLogRepository();
    final List<Integer> batchSizes = new ArrayList<>();
    final AtomicBoolean down = new AtomicBoolean();

    @Override
    public CompletionStage<Void> append(List<RequestLog> batch) {
      if (down.get()) {
        return CompletableFuture.failedFuture(new IllegalStateException("store down"));
      }
      batchSizes.add(batch.size());
      return logs.append(batch);
    }

    @Override
    public CompletionStage<RequestLogPage> query(RequestLogQuery query) {
      return logs.query(query);
    }

    @Override
    public CompletionStage<List<UsageTotals>> usage(UsageQuery query) {
      return logs.usage(query);
    }

    @Override
    public CompletionStage<Long> deleteOlderThan(Instant cutoff) {
      return logs.deleteOlderThan(cutoff);
    }

    int stored() {
      return await(logs.query(RequestLogQuery.between(T, T.plusSeconds(3_600), 1_000)))
          .entries()
          .size();
    }
  }

  private static RequestLog log(int i) {
    return new RequestLog(
        "req-" + i,
        T.plusMillis(i),
        Optional.empty(),
        Optional.empty(),
        "gpt-5.4",
        200,
        Optional.empty(),
        10,
        5,
        0,
        0,
        7,
        120,
        OptionalLong.of(30),
        1);
  }

  private final RecordingLog store = new RecordingLog();

  @Test
  void submitOnlyQueuesAndFlushWritesInBatches() {
    RequestLogWriter writer = new RequestLogWriter(store, 4, 100);
    for (int i = 0; i < 10; i++) {
      assertThat(writer.submit(log(i))).isTrue();
    }
    assertThat(store.stored()).as("nothing written before a flush").isZero();

    assertThat(await(writer.flush())).isEqualTo(10);

    assertThat(store.batchSizes).containsExactly(4, 4, 2);
    assertThat(store.stored()).isEqualTo(10);
    assertThat(writer.pending()).isZero();
  }

  @Test
  void aFailedBatchIsKeptAndWrittenFirstWhenTheStoreIsBack() {
    RequestLogWriter writer = new RequestLogWriter(store, 3, 100);
    for (int i = 0; i < 5; i++) {
      writer.submit(log(i));
    }
    store.down.set(true);

    assertThatThrownBy(() -> await(writer.flush())).hasMessage("store down");
    assertThat(writer.pending()).isEqualTo(5);

    store.down.set(false);
    assertThat(await(writer.flush())).isEqualTo(5);
    assertThat(store.stored()).isEqualTo(5);
    assertThat(writer.pending()).isZero();
  }

  @Test
  void beyondCapacityLogsAreDroppedAndCounted() {
    RequestLogWriter writer = new RequestLogWriter(store, 2, 3);

    assertThat(writer.submit(log(1))).isTrue();
    assertThat(writer.submit(log(2))).isTrue();
    assertThat(writer.submit(log(3))).isTrue();
    assertThat(writer.submit(log(4))).isFalse();

    assertThat(writer.dropped()).isEqualTo(1);
    assertThat(await(writer.flush())).isEqualTo(3);
    assertThat(writer.submit(log(5))).as("room again after a flush").isTrue();
  }

  @Test
  void aLargeBacklogOnAStoreThatAnswersAtOnceIsWrittenWithoutOverflowingTheStack() {
    // One batch per log: a recursive flush would need a stack frame per batch.
    RequestLogWriter writer = new RequestLogWriter(store.logs, 1, 200_000);
    for (int i = 0; i < 100_000; i++) {
      writer.submit(log(i));
    }

    assertThat(await(writer.flush())).isEqualTo(100_000);
    assertThat(writer.pending()).isZero();
  }

  @Test
  void aFlushWritesWhatWasQueuedWhenItBeganSoItEndsUnderSteadyTraffic() {
    RequestLogWriter[] writer = new RequestLogWriter[1];
    int[] next = {1_000};
    RequestLogRepository busy =
        new RecordingLog() {
          @Override
          public CompletionStage<Void> append(List<RequestLog> batch) {
            // Traffic keeps arriving while the store writes.
            writer[0].submit(log(next[0]++));
            return super.append(batch);
          }
        };
    writer[0] = new RequestLogWriter(busy, 2, 100);
    for (int i = 0; i < 6; i++) {
      writer[0].submit(log(i));
    }

    assertThat(await(writer[0].flush())).isEqualTo(6);
    assertThat(writer[0].pending())
        .as("what arrived meanwhile waits for the next flush")
        .isEqualTo(3);
  }

  @Test
  void flushAllWaitsForARunningFlushThenWritesWhatArrivedMeanwhile() {
    CompletableFuture<Void> storeAnswers = new CompletableFuture<>();
    RecordingLog slow =
        new RecordingLog() {
          @Override
          public CompletionStage<Void> append(List<RequestLog> batch) {
            // The first batch is held, as a store under load holds a timer's flush.
            return storeAnswers.thenCompose(ignored -> super.append(batch));
          }
        };
    RequestLogWriter writer = new RequestLogWriter(slow, 10, 100);
    writer.submit(log(1));
    CompletionStage<Integer> timerFlush = writer.flush();
    writer.submit(log(2));
    writer.submit(log(3));

    assertThat(await(writer.flush())).as("a plain flush yields to the running one").isZero();
    CompletableFuture<Integer> atStop = writer.flushAll().toCompletableFuture();
    assertThat(atStop).as("it waits for the running flush").isNotDone();

    storeAnswers.complete(null);
    assertThat(await(timerFlush)).isEqualTo(1);
    assertThat(await(atStop)).isEqualTo(2);
    assertThat(writer.pending()).isZero();
    assertThat(slow.stored()).isEqualTo(3);
  }

  @Test
  void flushAllAfterARunningFlushFailedRetriesItsBatch() {
    CompletableFuture<Void> storeAnswers = new CompletableFuture<>();
    RecordingLog flaky =
        new RecordingLog() {
          @Override
          public CompletionStage<Void> append(List<RequestLog> batch) {
            return storeAnswers.thenCompose(ignored -> super.append(batch));
          }
        };
    RequestLogWriter writer = new RequestLogWriter(flaky, 10, 100);
    writer.submit(log(1));
    CompletionStage<Integer> timerFlush = writer.flush();
    CompletableFuture<Integer> atStop = writer.flushAll().toCompletableFuture();

    storeAnswers.completeExceptionally(new IllegalStateException("connection closed"));
    assertThatThrownBy(() -> await(timerFlush)).hasMessageContaining("connection closed");
    assertThatThrownBy(() -> await(atStop))
        .as("the store is still down: the kept batch fails again and says so")
        .hasMessageContaining("connection closed");
    assertThat(writer.pending()).isEqualTo(1);
  }
}
