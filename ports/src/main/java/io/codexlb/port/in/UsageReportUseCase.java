package io.codexlb.port.in;

import java.util.concurrent.CompletionStage;

/** Usage per key, account or model over a time range, computed in the store. */
public interface UsageReportUseCase {

  /** The totals {@code query} asks for; fails only when the store does. */
  CompletionStage<UsageReportResult> report(UsageReportQuery query);
}
