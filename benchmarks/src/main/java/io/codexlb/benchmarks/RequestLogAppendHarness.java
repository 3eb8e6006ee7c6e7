package io.codexlb.benchmarks;

import io.codexlb.adapter.postgres.PostgresPools;
import io.codexlb.adapter.postgres.PostgresSettings;
import io.codexlb.adapter.postgres.PostgresStore;
import io.codexlb.application.RequestLogWriter;
import io.codexlb.port.out.RequestLog;
import io.codexlb.port.out.RequestLogRepository;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * Request logs appended per second on each store, through {@link RequestLogRepository#append} one
 * batch at a time (as {@link RequestLogWriter#flush} does), for batches of 1, 100 and 500 logs,
 * then through a {@link RequestLogWriter} flushing 5,000 queued logs in batches of 500. Each case
 * runs a warm-up, discarded, then a timed run; the time counted is the appends' own, from the call
 * to the completion of its stage (when the batch is durable).
 *
 * <p>SQLite runs on a new file in a temporary directory, deleted afterwards. PostgreSQL runs on the
 * database named by {@value #DATABASE_URL_VARIABLE}, in a new schema dropped afterwards; without
 * the variable that part is skipped with a message. Run it with {@code java -cp
 * benchmarks/target/benchmarks.jar io.codexlb.benchmarks.RequestLogAppendHarness [sqlite]
 * [postgres] [batches=1,100,500]} (both stores when no argument is given).
 */
public final class RequestLogAppendHarness {

  /** Names the PostgreSQL database: {@code postgresql://user:password@host:port/database}. */
  static final String DATABASE_URL_VARIABLE = "CODEX_LB_TEST_DATABASE_URL";

  private static final List<Integer> BATCH_SIZES = List.of(1, 100, 500);
  private static final long WARM_UP_NANOS = 5_000_000_000L;
  private static final long MEASURE_NANOS = 10_000_000_000L;
  private static final int WRITER_BATCH = 500;
  private static final int WRITER_QUEUED = 5_000;

  private final SampleRequestLogs logs = new SampleRequestLogs();
  private final List<Integer> batchSizes;
  // Logs in the store so far, printed with each case: the indexes' upkeep grows with the log.
  private long stored;

  private RequestLogAppendHarness(List<Integer> batchSizes) {
    this.batchSizes = batchSizes;
  }

  /**
   * Runs the stores named by the arguments ({@code sqlite}, {@code postgres}), or both; an argument
   * {@code batches=500,100,1} changes the batch sizes and their order.
   */
  public static void main(String[] args) throws Exception {
    List<String> stores = new ArrayList<>();
    List<Integer> batchSizes = BATCH_SIZES;
    for (String arg : args) {
      if (arg.startsWith("batches=")) {
        batchSizes =
            Arrays.stream(arg.substring("batches=".length()).split(","))
                .map(Integer::valueOf)
                .toList();
      } else {
        stores.add(arg);
      }
    }
    if (stores.isEmpty()) {
      stores = List.of("sqlite", "postgres");
    }
    for (String store : stores) {
      RequestLogAppendHarness harness = new RequestLogAppendHarness(batchSizes);
      switch (store) {
        case "sqlite" -> harness.runSqlite();
        case "postgres" -> harness.runPostgres();
        default ->
            throw new IllegalArgumentException(
                "store: " + store + " (expected: sqlite or postgres)");
      }
    }
    // Vert.x and JDBC threads may linger; the figures are printed.
    System.exit(0);
  }

  private void runSqlite() throws IOException {
    try (TempSqliteStore sqlite = TempSqliteStore.open()) {
      measure("SQLite (" + sqlite.file() + ")", sqlite.store().ports().requestLogs());
    }
  }

  private void runPostgres() {
    String url = System.getenv(DATABASE_URL_VARIABLE);
    if (url == null || url.isBlank()) {
      System.out.println(
          "PostgreSQL skipped: "
              + DATABASE_URL_VARIABLE
              + " is not set (expected: postgresql://user:password@host:port/database)");
      return;
    }
    PostgresSettings settings = parseUrl(url);
    String schema =
        "codex_lb_bench_" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
    Vertx vertx = Vertx.vertx();
    Pool admin = PostgresPools.create(vertx, settings, 1);
    try {
      admin
          .query("CREATE SCHEMA " + schema)
          .execute()
          .toCompletionStage()
          .toCompletableFuture()
          .join();
      Pool pool = PostgresPools.create(vertx, settings, 4, schema);
      try {
        PostgresStore store =
            PostgresStore.open(vertx, pool, settings, true).toCompletableFuture().join();
        try {
          measure(
              "PostgreSQL (" + settings.redactedUrl() + ", schema " + schema + ")",
              store.ports().requestLogs());
        } finally {
          store.close().toCompletableFuture().join();
        }
      } finally {
        pool.close().toCompletionStage().toCompletableFuture().join();
      }
    } finally {
      admin
          .query("DROP SCHEMA IF EXISTS " + schema + " CASCADE")
          .execute()
          .toCompletionStage()
          .toCompletableFuture()
          .join();
      admin.close().toCompletionStage().toCompletableFuture().join();
      vertx.close().toCompletionStage().toCompletableFuture().join();
      System.out.println("dropped schema " + schema);
    }
  }

  private void measure(String store, RequestLogRepository repository) {
    System.out.println(store);
    System.out.println(
        "case                    logs/s    appends/s   p50 append   p99 append   logs before");
    for (int size : batchSizes) {
      appendFor(repository, size, WARM_UP_NANOS);
      long before = stored;
      print("append, batch " + size, before, appendFor(repository, size, MEASURE_NANOS));
    }
    writerFor(repository, WARM_UP_NANOS);
    long before = stored;
    print("writer, batch " + WRITER_BATCH, before, writerFor(repository, MEASURE_NANOS));
  }

  private Run appendFor(RequestLogRepository repository, int size, long nanos) {
    Run run = new Run();
    long end = System.nanoTime() + nanos;
    while (System.nanoTime() < end) {
      List<RequestLog> batch = logs.batch(size);
      long start = System.nanoTime();
      repository.append(batch).toCompletableFuture().join();
      run.record(size, System.nanoTime() - start);
      stored += size;
    }
    return run;
  }

  /** Queues {@value #WRITER_QUEUED} logs, then times the flush that writes them, repeatedly. */
  private Run writerFor(RequestLogRepository repository, long nanos) {
    RequestLogWriter writer = new RequestLogWriter(repository, WRITER_BATCH, WRITER_QUEUED);
    Run run = new Run();
    long end = System.nanoTime() + nanos;
    while (System.nanoTime() < end) {
      for (int i = 0; i < WRITER_QUEUED; i++) {
        writer.submit(logs.next());
      }
      long start = System.nanoTime();
      int written = writer.flush().toCompletableFuture().join();
      run.record(written, System.nanoTime() - start);
      stored += written;
    }
    return run;
  }

  private static void print(String name, long before, Run run) {
    System.out.printf(
        Locale.ROOT,
        "%-20s %9.0f %12.1f %9.2f ms %9.2f ms %13d%n",
        name,
        run.logsPerSecond(),
        run.callsPerSecond(),
        run.percentileMillis(0.50),
        run.percentileMillis(0.99),
        before);
  }

  /** The calls of one timed run: how many logs each wrote and how long it took. */
  private static final class Run {
    private long logs;
    private long totalNanos;
    private long[] latencies = new long[1024];
    private int calls;

    void record(int written, long nanos) {
      if (calls == latencies.length) {
        latencies = Arrays.copyOf(latencies, calls * 2);
      }
      latencies[calls++] = nanos;
      logs += written;
      totalNanos += nanos;
    }

    double logsPerSecond() {
      return logs * 1e9 / totalNanos;
    }

    double callsPerSecond() {
      return calls * 1e9 / totalNanos;
    }

    double percentileMillis(double fraction) {
      long[] sorted = Arrays.copyOf(latencies, calls);
      Arrays.sort(sorted);
      return sorted[Math.min(calls - 1, (int) (fraction * calls))] / 1e6;
    }
  }

  /** {@code postgresql://user:password@host[:port]/database}, percent-decoded. */
  static PostgresSettings parseUrl(String url) {
    URI uri;
    try {
      uri = new URI(url.strip());
    } catch (URISyntaxException e) {
      // The parser's message quotes the URL, which holds the password.
      throw new IllegalArgumentException(
          DATABASE_URL_VARIABLE
              + ": not a URL (expected: postgresql://user:password@host:port/db)");
    }
    if (uri.getHost() == null || uri.getRawPath() == null || uri.getRawPath().length() < 2) {
      throw new IllegalArgumentException(
          DATABASE_URL_VARIABLE
              + ": no host or database (expected: postgresql://user:password@host:port/db)");
    }
    String userInfo = uri.getRawUserInfo() == null ? "" : uri.getRawUserInfo();
    int colon = userInfo.indexOf(':');
    String user = colon < 0 ? userInfo : userInfo.substring(0, colon);
    String password = colon < 0 ? "" : userInfo.substring(colon + 1);
    return new PostgresSettings(
        uri.getHost(),
        uri.getPort() < 0 ? 5432 : uri.getPort(),
        decode(uri.getRawPath().substring(1)),
        decode(user),
        decode(password));
  }

  private static String decode(String raw) {
    return URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
  }
}
