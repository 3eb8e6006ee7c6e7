package io.codexlb.benchmarks;

import io.codexlb.adapter.sqlite.InProcessStoreChangePublisher;
import io.codexlb.adapter.sqlite.SqliteStore;
import io.codexlb.application.AuthenticateApiKeyService;
import io.codexlb.application.CreateApiKeyService;
import io.codexlb.application.RequestLogWriter;
import io.codexlb.domain.key.KeyValidation;
import io.codexlb.domain.limit.LimitType;
import io.codexlb.domain.limit.LimitWindow;
import io.codexlb.port.in.CreateApiKeyCommand;
import io.codexlb.port.in.CreateApiKeyResult;
import io.codexlb.port.out.RequestLog;
import io.codexlb.port.out.RequestLogCursor;
import io.codexlb.port.out.RequestLogPage;
import io.codexlb.port.out.RequestLogQuery;
import io.codexlb.port.out.RequestLogRepository;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the store costs a proxied request: the request path reads memory only. A key is
 * authenticated by {@link AuthenticateApiKeyService} over its in-memory index, here loaded from a
 * SQLite store holding {@code keys} keys, which is then closed: were a call to touch the store, it
 * would fail. The request's log is queued by {@link RequestLogWriter#submit}, which does no I/O;
 * the stores' own speed, off the request path, is measured by {@link RequestLogAppendHarness}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 10, time = 1)
@Fork(1)
public class RequestPathStoreBenchmark {

  private static final Instant NOW = Instant.parse("2026-11-27T12:00:00Z");
  private static final int SUBMITS = 100_000;

  /** The key index, loaded from a SQLite store that is closed before measuring. */
  @State(Scope.Benchmark)
  public static class Keys {

    @Param({"10000"})
    int keys;

    AuthenticateApiKeyService authentication;
    String[] presented;
    String unknown;
    int next;

    @Setup(Level.Trial)
    public void load() throws IOException {
      // Closed at the end of the block: from then on, a call that touched the store would fail.
      try (TempSqliteStore sqlite = TempSqliteStore.open()) {
        presented = createKeys(sqlite.store());
        authentication =
            AuthenticateApiKeyService.start(
                    sqlite.store().ports().apiKeys(), new InProcessStoreChangePublisher())
                .toCompletableFuture()
                .join();
      }
      unknown = presented[0].substring(0, presented[0].length() - 4) + "zzzz";
      // The index must hold every key, and the store must be closed, for the figures to mean
      // anything; the last key created is the one most likely to be missing.
      if (!(authentication.authenticate(presented[keys - 1], NOW) instanceof KeyValidation.Valid)
          || !(authentication.authenticate(unknown, NOW) instanceof KeyValidation.Unknown)) {
        throw new IllegalStateException("key index: incomplete (expected: " + keys + " keys)");
      }
    }

    // All creates are queued at once; the store's one JDBC thread writes them one by one.
    private String[] createKeys(SqliteStore store) {
      CreateApiKeyService create =
          new CreateApiKeyService(store.ports().apiKeys(), new SplittableRandom(7));
      List<CompletableFuture<CreateApiKeyResult>> created = new ArrayList<>(keys);
      for (int i = 0; i < keys; i++) {
        created.add(
            create
                .createApiKey(
                    new CreateApiKeyCommand(
                        "bench key " + i,
                        Set.of(),
                        Optional.empty(),
                        List.of(
                            new CreateApiKeyCommand.Limit(
                                LimitType.REQUESTS, LimitWindow.MINUTE, 1_000)),
                        NOW))
                .toCompletableFuture());
      }
      return created.stream()
          .map(CompletableFuture::join)
          .map(result -> ((CreateApiKeyResult.Created) result).plainKey().reveal())
          .toArray(String[]::new);
    }

    String nextKey() {
      String key = presented[next];
      next = next + 1 == presented.length ? 0 : next + 1;
      return key;
    }
  }

  /** A fresh writer per iteration, with room for every log the iteration submits. */
  @State(Scope.Thread)
  public static class Queue {

    RequestLogWriter writer;
    RequestLog log;

    @Setup(Level.Iteration)
    public void create() {
      writer = new RequestLogWriter(new DiscardingRequestLogs(), 500, SUBMITS);
      log = new SampleRequestLogs().next();
    }

    @TearDown(Level.Iteration)
    public void check() {
      // A drop would mean the figure measured the full-queue path, not the common one.
      if (writer.dropped() != 0 || writer.pending() != SUBMITS) {
        throw new IllegalStateException(
            "writer: " + writer.dropped() + " dropped (expected: 0, every log queued)");
      }
    }
  }

  @Benchmark
  @Threads(1)
  public KeyValidation authenticateValidKey(Keys keys) {
    return keys.authentication.authenticate(keys.nextKey(), NOW);
  }

  @Benchmark
  @Threads(1)
  public KeyValidation authenticateUnknownKey(Keys keys) {
    return keys.authentication.authenticate(keys.unknown, NOW);
  }

  /**
   * {@value #SUBMITS} submits into an empty writer, timed as one shot and reported per submit. The
   * writer is not flushed meanwhile: flushing runs on a timer, off the request path, and a flushing
   * thread racing a submitting thread that does nothing else measures contention no request sees.
   */
  @Benchmark
  @BenchmarkMode(Mode.SingleShotTime)
  @OperationsPerInvocation(SUBMITS)
  @Warmup(iterations = 20)
  @Measurement(iterations = 50)
  public int submitRequestLog(Queue queue) {
    int queued = 0;
    for (int i = 0; i < SUBMITS; i++) {
      if (queue.writer.submit(queue.log)) {
        queued++;
      }
    }
    return queued;
  }

  /** The writer's store here: never flushed to, it only has to exist. */
  static final class DiscardingRequestLogs implements RequestLogRepository {

    @Override
    public CompletionStage<Void> append(List<RequestLog> batch) {
      return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletionStage<RequestLogPage> query(RequestLogQuery query) {
      return CompletableFuture.completedFuture(
          new RequestLogPage(List.of(), Optional.<RequestLogCursor>empty()));
    }

    @Override
    public CompletionStage<List<io.codexlb.port.out.UsageTotals>> usage(
        io.codexlb.port.out.UsageQuery query) {
      return CompletableFuture.completedFuture(List.of());
    }

    @Override
    public CompletionStage<Long> deleteOlderThan(Instant cutoff) {
      return CompletableFuture.completedFuture(0L);
    }
  }
}
