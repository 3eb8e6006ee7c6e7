package io.codexlb.port.out;

import static io.codexlb.port.out.Stages.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.codexlb.domain.account.AccountId;
import io.codexlb.domain.key.ApiKeyId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
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
