package io.codexlb.port.out;

import static java.util.Objects.requireNonNull;
import static java.util.concurrent.CompletableFuture.completedFuture;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.function.Predicate;

/** In-memory {@link RequestLogRepository}. Thread-safe. */
public final class InMemoryRequestLogRepository implements RequestLogRepository {

  /** The log's order: newest first, then request id descending. */
  static final Comparator<RequestLog> NEWEST_FIRST =
      Comparator.comparing(RequestLog::requestedAt).thenComparing(RequestLog::requestId).reversed();

  private final Map<String, RequestLog> logs = new LinkedHashMap<>();

  @Override
  public synchronized CompletionStage<Void> append(List<RequestLog> batch) {
    requireNonNull(batch, "batch");
    batch.forEach(log -> logs.putIfAbsent(log.requestId(), log));
    return completedFuture(null);
  }

  @Override
  public synchronized CompletionStage<RequestLogPage> query(RequestLogQuery query) {
    requireNonNull(query, "query");
    List<RequestLog> matching =
        logs.values().stream().filter(matches(query)).sorted(NEWEST_FIRST).toList();
    List<RequestLog> page = matching.subList(0, Math.min(query.limit(), matching.size()));
    Optional<RequestLogCursor> next =
        matching.size() > query.limit()
            ? Optional.of(RequestLogCursor.after(page.get(page.size() - 1)))
            : Optional.empty();
    return completedFuture(new RequestLogPage(new ArrayList<>(page), next));
  }

  @Override
  public synchronized CompletionStage<List<UsageTotals>> usage(UsageQuery query) {
    requireNonNull(query, "query");
    Map<List<Object>, long[]> sums = new java.util.TreeMap<>(UsageKeys.ORDER);
    for (RequestLog log : logs.values()) {
      if (log.requestedAt().isBefore(query.from()) || !log.requestedAt().isBefore(query.to())) {
        continue;
      }
      Optional<String> group =
          switch (query.groupBy()) {
            case API_KEY -> log.apiKeyId().map(id -> id.value());
            case ACCOUNT -> log.accountId().map(id -> id.value());
            case MODEL -> Optional.of(log.model());
          };
      Optional<Instant> bucket = query.bucket().map(b -> b.startOf(log.requestedAt()));
      long[] sum = sums.computeIfAbsent(List.of(bucket, group), k -> new long[7]);
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
        (key, sum) -> {
          @SuppressWarnings("unchecked")
          Optional<Instant> bucket = (Optional<Instant>) key.get(0);
          @SuppressWarnings("unchecked")
          Optional<String> group = (Optional<String>) key.get(1);
          totals.add(
              new UsageTotals(
                  bucket, group, sum[0], sum[1], sum[2], sum[3], sum[4], sum[5], sum[6]));
        });
    return completedFuture(totals);
  }

  /** Bucket first, then group, a missing group before any other: the stores' order. */
  private static final class UsageKeys {
    static final Comparator<List<Object>> ORDER =
        (a, b) -> {
          @SuppressWarnings("unchecked")
          Optional<Instant> bucketA = (Optional<Instant>) a.get(0);
          @SuppressWarnings("unchecked")
          Optional<Instant> bucketB = (Optional<Instant>) b.get(0);
          int byBucket = bucketA.orElse(Instant.MIN).compareTo(bucketB.orElse(Instant.MIN));
          if (byBucket != 0) {
            return byBucket;
          }
          @SuppressWarnings("unchecked")
          Optional<String> groupA = (Optional<String>) a.get(1);
          @SuppressWarnings("unchecked")
          Optional<String> groupB = (Optional<String>) b.get(1);
          if (groupA.isEmpty() || groupB.isEmpty()) {
            return Boolean.compare(groupA.isPresent(), groupB.isPresent());
          }
          return groupA.get().compareTo(groupB.get());
        };
  }

  @Override
  public synchronized CompletionStage<Long> deleteOlderThan(Instant cutoff) {
    requireNonNull(cutoff, "cutoff");
    int before = logs.size();
    logs.values().removeIf(log -> log.requestedAt().isBefore(cutoff));
    return completedFuture((long) (before - logs.size()));
  }

  private static Predicate<RequestLog> matches(RequestLogQuery query) {
    return log ->
        !log.requestedAt().isBefore(query.from())
            && log.requestedAt().isBefore(query.to())
            && query.apiKeyId().map(id -> log.apiKeyId().equals(Optional.of(id))).orElse(true)
            && query.accountId().map(id -> log.accountId().equals(Optional.of(id))).orElse(true)
            && query.model().map(model -> log.model().equals(model)).orElse(true)
            && (query.statusCode().isEmpty() || log.statusCode() == query.statusCode().getAsInt())
            && query
                .clientRequestId()
                .map(id -> log.clientRequestId().equals(Optional.of(id)))
                .orElse(true)
            && query.errorCode().map(code -> log.errorCode().equals(Optional.of(code))).orElse(true)
            && query
                .requestId()
                .map(
                    id ->
                        log.requestId().equals(id) || log.clientRequestId().equals(Optional.of(id)))
                .orElse(true)
            && query.after().map(cursor -> isAfter(log, cursor)).orElse(true);
  }

  /** Whether {@code log} comes after the cursor in newest-first order. */
  private static boolean isAfter(RequestLog log, RequestLogCursor cursor) {
    int byTime = log.requestedAt().compareTo(cursor.requestedAt());
    return byTime < 0 || (byTime == 0 && log.requestId().compareTo(cursor.requestId()) < 0);
  }
}
