package io.codexlb.port.in;

import java.util.concurrent.CompletionStage;

/** Lists the request logs for the admin API, filtered and paged by cursor. */
public interface ListRequestLogsUseCase {

  /** One page; following {@code next} visits every matching entry once, newest first. */
  CompletionStage<RequestLogsResult> list(RequestLogsQuery query);
}
