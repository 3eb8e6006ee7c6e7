package io.codexlb.application;

import static java.util.Objects.requireNonNull;

import io.codexlb.port.in.ListRequestLogsUseCase;
import io.codexlb.port.in.RequestLogsQuery;
import io.codexlb.port.in.RequestLogsResult;
import io.codexlb.port.out.RequestLog;
import io.codexlb.port.out.RequestLogCursor;
import io.codexlb.port.out.RequestLogPage;
import io.codexlb.port.out.RequestLogQuery;
import io.codexlb.port.out.RequestLogRepository;
import java.util.concurrent.CompletionStage;

/** Reads a page of request logs from the store; the filtering and paging happen in the store. */
public final class ListRequestLogsService implements ListRequestLogsUseCase {

  private final RequestLogRepository logs;

  public ListRequestLogsService(RequestLogRepository logs) {
    this.logs = requireNonNull(logs, "logs");
  }

  @Override
  public CompletionStage<RequestLogsResult> list(RequestLogsQuery query) {
    requireNonNull(query, "query");
    return logs.query(toStore(query)).thenApply(ListRequestLogsService::result);
  }

  private static RequestLogQuery toStore(RequestLogsQuery query) {
    return new RequestLogQuery(
        query.from(),
        query.to(),
        query.apiKeyId(),
        query.accountId(),
        query.model(),
        query.statusCode(),
        query.errorCode(),
        query.requestId(),
        query.limit(),
        query.after().map(c -> new RequestLogCursor(c.requestedAt(), c.requestId())));
  }

  private static RequestLogsResult result(RequestLogPage page) {
    return new RequestLogsResult(
        page.entries().stream().map(ListRequestLogsService::entry).toList(),
        page.next().map(c -> new RequestLogsQuery.Cursor(c.requestedAt(), c.requestId())));
  }

  private static RequestLogsResult.Entry entry(RequestLog log) {
    return new RequestLogsResult.Entry(
        log.requestId(),
        log.requestedAt(),
        log.apiKeyId(),
        log.accountId(),
        log.model(),
        log.statusCode(),
        log.errorCode(),
        log.inputTokens(),
        log.outputTokens(),
        log.cachedInputTokens(),
        log.reasoningTokens(),
        log.costMicros(),
        log.latencyMillis(),
        log.firstTokenMillis(),
        log.selectMillis());
  }
}
