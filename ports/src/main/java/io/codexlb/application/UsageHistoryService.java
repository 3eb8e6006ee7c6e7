package io.codexlb.application;

import static java.util.Objects.requireNonNull;

import io.codexlb.port.in.AccountUsageHistoryUseCase;
import io.codexlb.port.in.UsageHistoryQuery;
import io.codexlb.port.in.UsageHistoryResult;
import io.codexlb.port.out.AccountRepository;
import io.codexlb.port.out.UsageHistoryRepository;
import io.codexlb.port.out.UsageSample;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The usage history of an account from the store: the account must exist, then its samples in the
 * range are read, at most {@link UsageHistoryRepository#MAX_SAMPLES}.
 */
public final class UsageHistoryService implements AccountUsageHistoryUseCase {

  private final AccountRepository accounts;
  private final UsageHistoryRepository history;

  /**
   * @param accounts where an account is looked up
   * @param history the usage history
   */
  public UsageHistoryService(AccountRepository accounts, UsageHistoryRepository history) {
    this.accounts = requireNonNull(accounts, "accounts");
    this.history = requireNonNull(history, "history");
  }

  @Override
  public CompletionStage<UsageHistoryResult> usageHistory(UsageHistoryQuery query) {
    requireNonNull(query, "query");
    return accounts
        .find(query.account())
        .thenCompose(
            found -> {
              if (found.isEmpty()) {
                return CompletableFuture.completedFuture(
                    new UsageHistoryResult.NotFound(query.account()));
              }
              // The store caps a read at MAX_SAMPLES: a full answer may leave later polls out.
              return history
                  .find(
                      query.account(), query.from(), query.to(), UsageHistoryRepository.MAX_SAMPLES)
                  .thenApply(samples -> found(query, samples));
            });
  }

  private static UsageHistoryResult found(UsageHistoryQuery query, List<UsageSample> samples) {
    List<UsageHistoryResult.Poll> polls =
        samples.stream()
            .map(
                s ->
                    new UsageHistoryResult.Poll(
                        s.recordedAt(), s.planType(), s.primary(), s.secondary(), s.credits()))
            .toList();
    return new UsageHistoryResult.Found(
        query.account(), polls, samples.size() >= UsageHistoryRepository.MAX_SAMPLES);
  }
}
