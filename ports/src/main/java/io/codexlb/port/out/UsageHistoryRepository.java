package io.codexlb.port.out;

import io.codexlb.domain.account.AccountId;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * Accounts' quota windows over time, for the dashboard's charts.
 *
 * <p>Contract: {@link #append} writes the whole batch or nothing and completes once it is durable;
 * samples read back equal to what was appended, oldest first.
 */
public interface UsageHistoryRepository {

  /** Appends samples. */
  CompletionStage<Void> append(List<UsageSample> samples);

  /** The account's samples with {@code from <= recordedAt < to}, oldest first, then by window. */
  CompletionStage<List<UsageSample>> query(AccountId accountId, Instant from, Instant to);

  /** Deletes the samples recorded before {@code cutoff}; returns how many. */
  CompletionStage<Long> deleteOlderThan(Instant cutoff);
}
