package io.codexlb.port.out;

import static io.codexlb.port.out.Stages.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.codexlb.domain.account.AccountId;
import io.codexlb.domain.key.ApiKeyId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@link RequestLogRepository}. An adapter's test extends this class and returns a
 * fresh, empty repository from {@link #newRepository()} for each test.
 */
public abstract class RequestLogRepositoryContract {

  private static final Instant T = Instant.parse("2026-11-27T12:00:00.001Z");

  /** A repository over an empty store. */
  protected abstract RequestLogRepository newRepository() throws Exception;

  static RequestLog log(String id, long secondsAfterT, String key, String account, int status) {
    return new RequestLog(
        id,
        T.plusSeconds(secondsAfterT),
        Optional.ofNullable(key).map(ApiKeyId::new),
        Optional.ofNullable(account).map(AccountId::new),
        status == 200 ? "gpt-5.4" : "gpt-5.5",
        status,
        status == 200 ? Optional.empty() : Optional.of("upstream_error"),
        1_200,
        340,
        1_024,
        128,
        4_275,
        1_834,
        status == 200 ? OptionalLong.of(412) : OptionalLong.empty(),
        3);
  }

  private static RequestLogQuery all(int limit) {
    return RequestLogQuery.between(T.minusSeconds(1), T.plusSeconds(3_600), limit);
  }

  @Test
  void entriesReadBackEqualNewestFirst() throws Exception {
    RequestLogRepository repository = newRepository();
    RequestLog first = log("req-1", 0, "key-1", "acct-1", 200);
    RequestLog second = log("req-2", 5, null, null, 502);
    await(repository.append(List.of(first, second)));

    RequestLogPage page = await(repository.query(all(10)));

    assertThat(page.entries()).containsExactly(second, first);
    assertThat(page.next()).isEmpty();
  }

  @Test
  void aRequestIdAlreadyLoggedIsSkippedSoARetriedBatchCountsOnce() throws Exception {
    RequestLogRepository repository = newRepository();
    RequestLog original = log("req-1", 0, "key-1", "acct-1", 200);
    await(repository.append(List.of(original)));

    await(
        repository.append(
            List.of(log("req-1", 9, "key-2", null, 502), log("req-2", 1, null, null, 200))));

    assertThat(await(repository.query(all(10))).entries())
        .containsExactly(log("req-2", 1, null, null, 200), original);
  }

  @Test
  void filtersByKeyAccountModelStatusAndTimeRange() throws Exception {
    RequestLogRepository repository = newRepository();
    await(
        repository.append(
            List.of(
                log("a", 0, "key-1", "acct-1", 200),
                log("b", 10, "key-2", "acct-1", 502),
                log("c", 20, "key-1", "acct-2", 200),
                log("d", 7_200, "key-1", "acct-1", 200))));

    assertThat(ids(await(repository.query(all(10).forKey(new ApiKeyId("key-1"))))))
        .containsExactly("c", "a");
    assertThat(ids(await(repository.query(all(10).forAccount(new AccountId("acct-1"))))))
        .containsExactly("b", "a");
    assertThat(ids(await(repository.query(all(10).forModel("gpt-5.5"))))).containsExactly("b");
    assertThat(ids(await(repository.query(all(10).withStatus(200))))).containsExactly("c", "a");
    assertThat(ids(await(repository.query(all(10).withErrorCode("upstream_error")))))
        .containsExactly("b");
    assertThat(ids(await(repository.query(all(10).withErrorCode("other"))))).isEmpty();
    assertThat(ids(await(repository.query(all(10).withRequestId("c"))))).containsExactly("c");
    assertThat(
            ids(
                await(
                    repository.query(
                        RequestLogQuery.between(T.plusSeconds(10), T.plusSeconds(20), 10)))))
        .as("from is inclusive, to exclusive")
        .containsExactly("b");
  }

  @Test
  void theClientRequestIdIsKeptBesideTheServersIdAndSearchable() throws Exception {
    RequestLogRepository repository = newRepository();
    // One client reusing its id for three requests: three rows, one per server id.
    RequestLog first = log("srv-1", 0, "key-1", "acct-1", 200).withClientRequestId("client-7");
    RequestLog second = log("srv-2", 1, "key-1", "acct-2", 502).withClientRequestId("client-7");
    RequestLog third = log("srv-3", 2, "key-1", "acct-1", 200).withClientRequestId("client-7");
    RequestLog other = log("srv-4", 3, "key-1", "acct-1", 200).withClientRequestId("client-8");
    RequestLog none = log("srv-5", 4, "key-1", "acct-1", 200);
    await(repository.append(List.of(first, second, third, other, none)));

    RequestLogPage page = await(repository.query(all(10).withClientRequestId("client-7")));

    assertThat(page.entries()).containsExactly(third, second, first);
    assertThat(ids(await(repository.query(all(2).withClientRequestId("client-7")))))
        .containsExactly("srv-3", "srv-2");
    assertThat(
            ids(
                await(
                    repository.query(
                        all(10)
                            .withClientRequestId("client-7")
                            .forAccount(new AccountId("acct-1"))))))
        .containsExactly("srv-3", "srv-1");
    assertThat(await(repository.query(all(10))).entries()).contains(none).hasSize(5);
    assertThat(ids(await(repository.query(all(10).withClientRequestId("srv-1"))))).isEmpty();
  }

  @Test
  void followingTheCursorVisitsEveryEntryOnceEvenWhenEntriesArriveMeanwhile() throws Exception {
    RequestLogRepository repository = newRepository();
    List<RequestLog> batch = new ArrayList<>();
    for (int i = 0; i < 25; i++) {
      // Pairs share an instant, so the order within an instant must come from the id.
      batch.add(log(String.format("req-%02d", i), i / 2, "key-1", "acct-1", 200));
    }
    await(repository.append(batch));

    List<String> seen = new ArrayList<>();
    RequestLogQuery query = all(10);
    RequestLogPage page = await(repository.query(query));
    seen.addAll(ids(page));
    await(repository.append(List.of(log("late", 3_000, "key-1", "acct-1", 200))));
    while (page.next().isPresent()) {
      page = await(repository.query(query.after(page.next().get())));
      seen.addAll(ids(page));
    }

    List<String> expected = new ArrayList<>();
    for (int i = 24; i >= 0; i--) {
      expected.add(String.format("req-%02d", i));
    }
    assertThat(seen).containsExactlyElementsOf(expected);
  }

  @Test
  void aFullLastPageHasNoNextCursor() throws Exception {
    RequestLogRepository repository = newRepository();
    await(repository.append(List.of(log("a", 0, null, null, 200), log("b", 1, null, null, 200))));

    assertThat(await(repository.query(all(2))).next()).isEmpty();
    assertThat(await(repository.query(all(1))).next()).isPresent();
  }

  @Test
  void usageAddsUpPerGroupOverTheRangeInTheStore() throws Exception {
    RequestLogRepository repository = newRepository();
    await(
        repository.append(
            List.of(
                log("a", 0, "key-1", "acct-1", 200),
                log("b", 10, "key-2", "acct-1", 502),
                log("c", 20, "key-1", null, 200),
                log("d", 30, null, "acct-2", 200),
                log("e", 7_200, "key-1", "acct-1", 200))));
    Instant to = T.plusSeconds(3_600);

    List<UsageTotals> perKey =
        await(repository.usage(new UsageQuery(T, to, UsageQuery.Group.API_KEY, Optional.empty())));

    assertThat(perKey)
        .containsExactly(
            totals(Optional.empty(), null, 1, 0),
            totals(Optional.empty(), "key-1", 2, 0),
            totals(Optional.empty(), "key-2", 1, 1));
    assertThat(
            await(
                repository.usage(new UsageQuery(T, to, UsageQuery.Group.MODEL, Optional.empty()))))
        .containsExactly(
            totals(Optional.empty(), "gpt-5.4", 3, 0), totals(Optional.empty(), "gpt-5.5", 1, 1));
  }

  @Test
  void usageHistoryIsBucketedByUtcHourOrDay() throws Exception {
    RequestLogRepository repository = newRepository();
    await(
        repository.append(
            List.of(
                log("a", 0, "key-1", "acct-1", 200),
                log("b", 3_600, "key-1", "acct-1", 502),
                log("c", 3_700, "key-1", "acct-2", 200))));
    Instant hour = UsageQuery.Bucket.HOUR.startOf(T);

    List<UsageTotals> hourly =
        await(
            repository.usage(
                new UsageQuery(
                    T.minusSeconds(7_200),
                    T.plusSeconds(7_200),
                    UsageQuery.Group.ACCOUNT,
                    Optional.of(UsageQuery.Bucket.HOUR))));
    List<UsageTotals> daily =
        await(
            repository.usage(
                new UsageQuery(
                    T.minusSeconds(7_200),
                    T.plusSeconds(7_200),
                    UsageQuery.Group.ACCOUNT,
                    Optional.of(UsageQuery.Bucket.DAY))));

    assertThat(hourly)
        .extracting(UsageTotals::bucketStart, UsageTotals::group, UsageTotals::requests)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(Optional.of(hour), Optional.of("acct-1"), 1L),
            org.assertj.core.groups.Tuple.tuple(
                Optional.of(hour.plusSeconds(3_600)), Optional.of("acct-1"), 1L),
            org.assertj.core.groups.Tuple.tuple(
                Optional.of(hour.plusSeconds(3_600)), Optional.of("acct-2"), 1L));
    assertThat(daily)
        .extracting(UsageTotals::bucketStart, UsageTotals::group, UsageTotals::requests)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                Optional.of(UsageQuery.Bucket.DAY.startOf(T)), Optional.of("acct-1"), 2L),
            org.assertj.core.groups.Tuple.tuple(
                Optional.of(UsageQuery.Bucket.DAY.startOf(T)), Optional.of("acct-2"), 1L));
  }

  /** Totals of {@code requests} entries made by {@link #log}, {@code errors} of them failed. */
  private static UsageTotals totals(
      Optional<Instant> bucket, String group, long requests, long errors) {
    return new UsageTotals(
        bucket,
        Optional.ofNullable(group),
        requests,
        errors,
        1_200 * requests,
        340 * requests,
        1_024 * requests,
        128 * requests,
        4_275 * requests);
  }

  /** Logs over about three days with ragged times, some exactly on an hour, some without a key. */
  private static List<RequestLog> spread(String prefix, int count, long seed) {
    java.util.SplittableRandom random = new java.util.SplittableRandom(seed);
    Instant start = UsageQuery.Bucket.DAY.startOf(T).minusSeconds(3_600);
    List<RequestLog> logs = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      Instant at =
          i % 10 == 0
              ? start.plusSeconds(3_600L * random.nextInt(72))
              : start.plusMillis(random.nextLong(72 * 3_600_000L));
      int status = random.nextInt(10) == 0 ? 502 : 200;
      logs.add(
          new RequestLog(
              prefix + i,
              at,
              random.nextInt(5) == 0
                  ? Optional.empty()
                  : Optional.of(new ApiKeyId("key-" + random.nextInt(3))),
              random.nextInt(6) == 0
                  ? Optional.empty()
                  : Optional.of(new AccountId("acct-" + random.nextInt(2))),
              "gpt-5." + random.nextInt(3),
              status,
              status == 200 ? Optional.empty() : Optional.of("upstream_error"),
              random.nextInt(5_000),
              random.nextInt(900),
              random.nextInt(2_000),
              random.nextInt(300),
              random.nextInt(50_000),
              random.nextInt(9_000),
              OptionalLong.empty(),
              random.nextInt(4)));
    }
    return logs;
  }

  /** What {@link RequestLogRepository#usage} must answer, added up here one log at a time. */
  private static List<UsageTotals> bruteForce(List<RequestLog> logs, UsageQuery query) {
    Comparator<Optional<String>> noneFirst =
        (a, b) ->
            a.isEmpty() || b.isEmpty()
                ? Boolean.compare(a.isPresent(), b.isPresent())
                : a.get().compareTo(b.get());
    Map<Optional<Instant>, Map<Optional<String>, long[]>> sums =
        new TreeMap<>(Comparator.comparing(bucket -> bucket.orElse(Instant.MIN)));
    for (RequestLog log : logs) {
      if (log.requestedAt().isBefore(query.from()) || !log.requestedAt().isBefore(query.to())) {
        continue;
      }
      Optional<String> group =
          switch (query.groupBy()) {
            case API_KEY -> log.apiKeyId().map(ApiKeyId::value);
            case ACCOUNT -> log.accountId().map(AccountId::value);
            case MODEL -> Optional.of(log.model());
          };
      long[] sum =
          sums.computeIfAbsent(
                  query.bucket().map(b -> b.startOf(log.requestedAt())),
                  bucket -> new TreeMap<>(noneFirst))
              .computeIfAbsent(group, g -> new long[7]);
      sum[0]++;
      sum[1] += log.statusCode() >= 400 ? 1 : 0;
      sum[2] += log.inputTokens();
      sum[3] += log.outputTokens();
      sum[4] += log.cachedInputTokens();
      sum[5] += log.reasoningTokens();
      sum[6] += log.costMicros();
    }
    List<UsageTotals> totals = new ArrayList<>();
    sums.forEach(
        (bucket, groups) ->
            groups.forEach(
                (group, sum) ->
                    totals.add(
                        new UsageTotals(
                            bucket, group, sum[0], sum[1], sum[2], sum[3], sum[4], sum[5],
                            sum[6]))));
    return totals;
  }

  /**
   * Ranges with ragged ends, on whole hours, inside one hour, across days, and empty: every one
   * asked per key, account and model, without buckets and per hour and day.
   */
  private static void assertUsageIsTheBruteForceSum(
      RequestLogRepository repository, List<RequestLog> logs) throws Exception {
    Instant day = UsageQuery.Bucket.DAY.startOf(T);
    List<Instant[]> ranges =
        List.of(
            new Instant[] {day.minusSeconds(86_400), day.plusSeconds(4 * 86_400)},
            new Instant[] {day.plusMillis(1_234_567), day.plusSeconds(2 * 86_400).minusMillis(7)},
            new Instant[] {day.plusSeconds(3_600), day.plusSeconds(10 * 3_600)},
            new Instant[] {day.plusSeconds(3_601), day.plusSeconds(3_601 + 1_800)},
            new Instant[] {day.minusSeconds(1_800), day.plusSeconds(1_800)},
            new Instant[] {day.plusSeconds(7_199).plusMillis(999), day.plusSeconds(14_400)},
            new Instant[] {day.plusSeconds(5 * 3_600), day.plusSeconds(5 * 3_600)});
    for (Instant[] range : ranges) {
      for (UsageQuery.Group group : UsageQuery.Group.values()) {
        List<Optional<UsageQuery.Bucket>> buckets =
            List.of(
                Optional.empty(),
                Optional.of(UsageQuery.Bucket.HOUR),
                Optional.of(UsageQuery.Bucket.DAY));
        for (Optional<UsageQuery.Bucket> bucket : buckets) {
          UsageQuery query = new UsageQuery(range[0], range[1], group, bucket);
          assertThat(await(repository.usage(query)))
              .as("%s", query)
              .containsExactlyElementsOf(bruteForce(logs, query));
        }
      }
    }
  }

  @Test
  void usageEqualsABruteForceSumForRaggedRangesEveryGroupAndBucket() throws Exception {
    RequestLogRepository repository = newRepository();
    List<RequestLog> logs = spread("u", 400, 15);
    await(repository.append(logs.subList(0, 150)));
    await(repository.append(logs.subList(150, 400)));
    // A retried batch, partly new: the logs already there count once.
    List<RequestLog> more = spread("v", 40, 16);
    List<RequestLog> retried = new ArrayList<>(logs.subList(100, 200));
    retried.addAll(more);
    await(repository.append(retried));
    List<RequestLog> all = new ArrayList<>(logs);
    all.addAll(more);

    assertUsageIsTheBruteForceSum(repository, all);
  }

  @Test
  void afterAPurgeUsageIsTheBruteForceSumOfTheLogsLeft() throws Exception {
    RequestLogRepository repository = newRepository();
    List<RequestLog> logs = spread("p", 300, 17);
    await(repository.append(logs));
    Instant day = UsageQuery.Bucket.DAY.startOf(T);

    // A cutoff inside an hour, then one on an hour.
    for (Instant cutoff :
        List.of(day.plusSeconds(2 * 3_600 + 1_234).plusMillis(567), day.plusSeconds(10 * 3_600))) {
      long older = logs.stream().filter(log -> log.requestedAt().isBefore(cutoff)).count();
      assertThat(await(repository.deleteOlderThan(cutoff))).isEqualTo(older);
      logs = logs.stream().filter(log -> !log.requestedAt().isBefore(cutoff)).toList();

      assertUsageIsTheBruteForceSum(repository, logs);
    }
    // Appended after the purges: one new, one into an hour a purge emptied. Both count.
    List<RequestLog> late = new ArrayList<>(logs);
    RequestLog extra = log("late-1", 0, "key-1", "acct-1", 200);
    RequestLog cutHour =
        new RequestLog(
            "late-2",
            day.plusSeconds(2 * 3_600 + 2_000),
            Optional.of(new ApiKeyId("key-1")),
            Optional.empty(),
            "gpt-5.1",
            200,
            Optional.empty(),
            10,
            20,
            5,
            1,
            99,
            100,
            OptionalLong.empty(),
            1);
    await(repository.append(List.of(extra, cutHour)));
    late.add(extra);
    late.add(cutHour);
    assertUsageIsTheBruteForceSum(repository, late);
  }

  @Test
  void deleteOlderThanRemovesOnlyOlderEntries() throws Exception {
    RequestLogRepository repository = newRepository();
    await(
        repository.append(
            List.of(
                log("old", 0, null, null, 200),
                log("edge", 60, null, null, 200),
                log("new", 120, null, null, 200))));

    assertThat(await(repository.deleteOlderThan(T.plusSeconds(60)))).isEqualTo(1L);
    assertThat(ids(await(repository.query(all(10))))).containsExactly("new", "edge");
  }

  private static List<String> ids(RequestLogPage page) {
    return page.entries().stream().map(RequestLog::requestId).toList();
  }
}
