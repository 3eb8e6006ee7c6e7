package io.codexlb.port.out;

import static java.util.Objects.requireNonNull;
import static java.util.concurrent.CompletableFuture.completedFuture;

import io.codexlb.domain.account.AccountId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletionStage;

/** The usage history in memory, for tests. */
public final class InMemoryUsageHistoryRepository implements UsageHistoryRepository {

  private final List<UsageSample> samples = new ArrayList<>();

  @Override
  public synchronized CompletionStage<Void> append(List<UsageSample> appended) {
    requireNonNull(appended, "appended");
    samples.addAll(appended);
    return completedFuture(null);
  }

  @Override
  public synchronized CompletionStage<List<UsageSample>> find(
      AccountId account, Instant from, Instant to, int limit) {
    requireNonNull(account, "account");
    requireNonNull(from, "from");
    requireNonNull(to, "to");
    if (limit < 1 || limit > MAX_SAMPLES) {
      throw new IllegalArgumentException(
          "limit: " + limit + " (expected: 1 to " + MAX_SAMPLES + ")");
    }
    return completedFuture(
        samples.stream()
            .filter(s -> s.accountId().equals(account))
            .filter(s -> !s.recordedAt().isBefore(from) && s.recordedAt().isBefore(to))
            .sorted(Comparator.comparing(UsageSample::recordedAt))
            .limit(limit)
            .toList());
  }

  /** Every sample appended, in order. */
  public synchronized List<UsageSample> all() {
    return List.copyOf(samples);
  }
}
