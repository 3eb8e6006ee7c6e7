package io.codexlb.benchmarks;

import io.codexlb.adapter.postgres.PostgresPools;
import io.codexlb.adapter.postgres.PostgresSettings;
import io.codexlb.adapter.postgres.PostgresStore;
import io.codexlb.domain.account.AccountId;
import io.codexlb.domain.key.ApiKeyId;
import io.codexlb.port.out.RequestLog;
import io.codexlb.port.out.RequestLogQuery;
import io.codexlb.port.out.RequestLogRepository;
import io.codexlb.port.out.UsageQuery;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * How long the admin API's request-log and usage queries take on a store holding a million request
 * logs (issue 15: "computed in the store, fast on a million request logs: measure it").
 *
 * <p>It appends {@value #ROWS} logs spread over 30 days (20 keys, 10 accounts, 5 models, 5% errors)
 * in batches of {@value #BATCH} (or {@code rows=N} logs over {@code days=D} days), then runs each
 * query {@value #RUNS} times after one warm-up and prints the median and the slowest. SQLite runs
 * on a temporary file; PostgreSQL on {@code CODEX_LB_TEST_DATABASE_URL}, in a schema dropped
 * afterwards. Run it with {@code java -cp benchmarks/target/benchmarks.jar
 * io.codexlb.benchmarks.UsageQueryHarness [sqlite] [postgres] [rows=N]}.
 */
public final class UsageQueryHarness {

  static final int ROWS = 1_000_000;
  static final int BATCH = 5_000;
  static final int RUNS = 5;

  private static final Instant END = Instant.parse("2026-12-01T00:00:00Z");
  private static final Duration MONTH = Duration.ofDays(30);

  private final int rows;
  private final Duration span;

  private UsageQueryHarness(int rows, Duration span) {
    this.rows = rows;
    this.span = span;
  }

  public static void main(String[] args) throws Exception {
    List<String> stores = new ArrayList<>();
    int rows = ROWS;
    Duration span = MONTH;
    for (String arg : args) {
      if (arg.startsWith("rows=")) {
        rows = Integer.parseInt(arg.substring("rows=".length()));
      } else if (arg.startsWith("days=")) {
        span = Duration.ofDays(Integer.parseInt(arg.substring("days=".length())));
      } else {
        stores.add(arg);
      }
    }
    if (stores.isEmpty()) {
      stores = List.of("sqlite", "postgres");
    }
    UsageQueryHarness harness = new UsageQueryHarness(rows, span);
    for (String store : stores) {
      switch (store) {
        case "sqlite" -> harness.runSqlite();
        case "postgres" -> harness.runPostgres();
        default ->
            throw new IllegalArgumentException(
                "store: " + store + " (expected: sqlite or postgres)");
      }
    }
    System.exit(0);
  }

  private void runSqlite() throws Exception {
    try (TempSqliteStore sqlite = TempSqliteStore.open()) {
      measure("SQLite", sqlite.store().ports().requestLogs());
    }
  }

  private void runPostgres() {
    String url = System.getenv(RequestLogAppendHarness.DATABASE_URL_VARIABLE);
    if (url == null || url.isBlank()) {
      System.out.println("PostgreSQL skipped: CODEX_LB_TEST_DATABASE_URL is not set");
      return;
    }
    PostgresSettings settings = RequestLogAppendHarness.parseUrl(url);
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
          measure("PostgreSQL", store.ports().requestLogs());
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
    }
  }

  private void measure(String store, RequestLogRepository logs) {
    long started = System.nanoTime();
    fill(logs);
    System.out.printf(
        "%s: %,d request logs over %d days appended in %.1f s%n",
        store, rows, span.toDays(), (System.nanoTime() - started) / 1e9);
    Instant start = END.minus(MONTH);
    Instant week = END.minus(Duration.ofDays(7));
    Instant day = END.minus(Duration.ofDays(1));
    System.out.println("query                                          rows   median ms   max ms");
    time(
        "summary per key, 30 days",
        () ->
            join(logs.usage(new UsageQuery(start, END, UsageQuery.Group.API_KEY, Optional.empty())))
                .size());
    time(
        "summary per model, 1 day",
        () ->
            join(logs.usage(new UsageQuery(day, END, UsageQuery.Group.MODEL, Optional.empty())))
                .size());
    time(
        "history per account, hourly, 7 days",
        () ->
            join(logs.usage(
                    new UsageQuery(
                        week, END, UsageQuery.Group.ACCOUNT, Optional.of(UsageQuery.Bucket.HOUR))))
                .size());
    time(
        "history per key, daily, 30 days",
        () ->
            join(logs.usage(
                    new UsageQuery(
                        start, END, UsageQuery.Group.API_KEY, Optional.of(UsageQuery.Bucket.DAY))))
                .size());
    // Ranges whose ends fall inside an hour, and ranges up to 90 days (the API's longest useful
    // history at bucket=day; hourly buckets are capped at 8784 per answer).
    Instant raggedFrom = start.plus(Duration.ofMinutes(17)).plusMillis(3_217);
    Instant raggedTo = END.minus(Duration.ofMinutes(41)).minusMillis(7_003);
    Instant quarter = END.minus(Duration.ofDays(90));
    time(
        "summary per account, ragged 30 days",
        () ->
            join(logs.usage(
                    new UsageQuery(
                        raggedFrom, raggedTo, UsageQuery.Group.ACCOUNT, Optional.empty())))
                .size());
    time(
        "summary per key, 90 days",
        () ->
            join(logs.usage(
                    new UsageQuery(quarter, END, UsageQuery.Group.API_KEY, Optional.empty())))
                .size());
    time(
        "history per model, hourly, ragged 90 days",
        () ->
            join(logs.usage(
                    new UsageQuery(
                        quarter.plusMillis(1_234_567),
                        raggedTo,
                        UsageQuery.Group.MODEL,
                        Optional.of(UsageQuery.Bucket.HOUR))))
                .size());
    time(
        "history per key, daily, 90 days",
        () ->
            join(logs.usage(
                    new UsageQuery(
                        quarter,
                        END,
                        UsageQuery.Group.API_KEY,
                        Optional.of(UsageQuery.Bucket.DAY))))
                .size());
    time(
        "request logs, first page of 100, 30 days",
        () -> join(logs.query(RequestLogQuery.between(start, END, 100))).entries().size());
    time(
        "request logs, one key, status 500, 30 days",
        () ->
            join(logs.query(
                    RequestLogQuery.between(start, END, 100)
                        .forKey(new ApiKeyId("key-07"))
                        .withStatus(500)))
                .entries()
                .size());
  }

  private void fill(RequestLogRepository logs) {
    SplittableRandom random = new SplittableRandom(15);
    long spanMillis = span.toMillis();
    List<RequestLog> batch = new ArrayList<>(BATCH);
    for (int i = 0; i < rows; i++) {
      int status = random.nextInt(100) < 5 ? 500 : 200;
      batch.add(
          new RequestLog(
              "bench-" + i,
              END.minusMillis(1 + random.nextLong(spanMillis)),
              Optional.of(new ApiKeyId(String.format("key-%02d", random.nextInt(20)))),
              Optional.of(new AccountId(String.format("acct-%02d", random.nextInt(10)))),
              "gpt-5." + random.nextInt(5),
              status,
              status == 500 ? Optional.of("upstream_error") : Optional.empty(),
              random.nextInt(20_000),
              random.nextInt(4_000),
              random.nextInt(10_000),
              random.nextInt(1_000),
              random.nextInt(100_000),
              random.nextInt(30_000),
              OptionalLong.of(random.nextInt(2_000)),
              random.nextInt(5)));
      if (batch.size() == BATCH) {
        join(logs.append(batch));
        batch = new ArrayList<>(BATCH);
      }
    }
    if (!batch.isEmpty()) {
      join(logs.append(batch));
    }
  }

  private static void time(String name, Supplier<Integer> query) {
    int rows = query.get(); // a warm-up, not timed
    long[] millis = new long[RUNS];
    for (int i = 0; i < RUNS; i++) {
      long started = System.nanoTime();
      rows = query.get();
      millis[i] = (System.nanoTime() - started) / 1_000_000;
    }
    Arrays.sort(millis);
    System.out.printf("%-44s %6d %11d %8d%n", name, rows, millis[RUNS / 2], millis[RUNS - 1]);
  }

  private static <T> T join(java.util.concurrent.CompletionStage<T> stage) {
    return stage.toCompletableFuture().join();
  }
}
