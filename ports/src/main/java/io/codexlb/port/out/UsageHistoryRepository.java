package io.codexlb.port.out;

import io.codexlb.domain.account.AccountId;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * The usage history: every poll of every account's usage, appended, for the dashboard's charts.
 *
 * <p>Contract: a stage completes once the samples are durable, and never blocks the calling thread.
 * Every field of a {@link UsageSample} reads back equal to what was written (instants to the
 * millisecond, windows with their used share, reset and length, absent windows absent). Samples are
 * kept when their account is deleted, like request logs. Failures of the store complete the stage
 * exceptionally.
 */
public interface UsageHistoryRepository {

  /** The most samples one {@link #find} returns. */
  int MAX_SAMPLES = 20_000;

  /** Appends the samples (in one write). */
  CompletionStage<Void> append(List<UsageSample> samples);

  /**
   * The account's samples recorded in {@code [from, to)}, oldest first, at most {@code limit} (the
   * oldest ones).
   *
   * @param limit 1 to {@link #MAX_SAMPLES}
   */
  CompletionStage<List<UsageSample>> find(AccountId account, Instant from, Instant to, int limit);
}
