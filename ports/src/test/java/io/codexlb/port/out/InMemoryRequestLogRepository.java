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
            && query.errorCode().map(code -> log.errorCode().equals(Optional.of(code))).orElse(true)
            && query.requestId().map(id -> log.requestId().equals(id)).orElse(true)
            && query.after().map(cursor -> isAfter(log, cursor)).orElse(true);
  }

  /** Whether {@code log} comes after the cursor in newest-first order. */
  private static boolean isAfter(RequestLog log, RequestLogCursor cursor) {
    int byTime = log.requestedAt().compareTo(cursor.requestedAt());
    return byTime < 0 || (byTime == 0 && log.requestId().compareTo(cursor.requestId()) < 0);
  }
}
