package io.codexlb.port.in;

import java.util.concurrent.CompletionStage;

/**
 * Reads the usage history of one account: the polls of its usage the poller recorded, what the
 * dashboard charts.
 */
public interface AccountUsageHistoryUseCase {

  /**
   * The account's polls in the query's range, oldest first: {@link UsageHistoryResult.Found} or
   * {@link UsageHistoryResult.NotFound} (no such account now, though the history of a deleted one
   * is kept). Fails when the store fails.
   */
  CompletionStage<UsageHistoryResult> usageHistory(UsageHistoryQuery query);
}
