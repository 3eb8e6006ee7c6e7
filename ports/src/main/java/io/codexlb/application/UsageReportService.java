package io.codexlb.application;

import static java.util.Objects.requireNonNull;

import io.codexlb.port.in.UsageReportQuery;
import io.codexlb.port.in.UsageReportResult;
import io.codexlb.port.in.UsageReportUseCase;
import io.codexlb.port.out.RequestLogRepository;
import io.codexlb.port.out.UsageQuery;
import io.codexlb.port.out.UsageTotals;
import java.util.concurrent.CompletionStage;

/** Asks the store to add up the request log: nothing is summed in memory here. */
public final class UsageReportService implements UsageReportUseCase {

  private final RequestLogRepository logs;

  public UsageReportService(RequestLogRepository logs) {
    this.logs = requireNonNull(logs, "logs");
  }

  @Override
  public CompletionStage<UsageReportResult> report(UsageReportQuery query) {
    requireNonNull(query, "query");
    UsageQuery.Group group =
        switch (query.groupBy()) {
          case API_KEY -> UsageQuery.Group.API_KEY;
          case ACCOUNT -> UsageQuery.Group.ACCOUNT;
          case MODEL -> UsageQuery.Group.MODEL;
        };
    return logs.usage(
            new UsageQuery(
                query.from(),
                query.to(),
                group,
                query
                    .bucket()
                    .map(
                        bucket ->
                            bucket == UsageReportQuery.Bucket.HOUR
                                ? UsageQuery.Bucket.HOUR
                                : UsageQuery.Bucket.DAY)))
        .thenApply(
            totals -> new UsageReportResult(totals.stream().map(UsageReportService::row).toList()));
  }

  private static UsageReportResult.Row row(UsageTotals totals) {
    return new UsageReportResult.Row(
        totals.bucketStart(),
        totals.group(),
        totals.requests(),
        totals.errors(),
        totals.inputTokens(),
        totals.outputTokens(),
        totals.cachedInputTokens(),
        totals.reasoningTokens(),
        totals.costMicros());
  }
}
