package io.codexlb.port.out;

import static java.util.Objects.requireNonNull;
import static java.util.concurrent.CompletableFuture.completedFuture;

import io.codexlb.domain.account.AccountId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletionStage;

/** In-memory {@link UsageHistoryRepository}. Thread-safe. */
public final class InMemoryUsageHistoryRepository implements UsageHistoryRepository {

  private final List<UsageSample> samples = new ArrayList<>();

  @Override
  public synchronized CompletionStage<Void> append(List<UsageSample> batch) {
    samples.addAll(List.copyOf(requireNonNull(batch, "batch")));
    return completedFuture(null);
  }

  @Override
  public synchronized CompletionStage<List<UsageSample>> query(
      AccountId accountId, Instant from, Instant to) {
    requireNonNull(accountId, "accountId");
    requireNonNull(from, "from");
    requireNonNull(to, "to");
    return completedFuture(
        samples.stream()
            .filter(sample -> sample.accountId().equals(accountId))
            .filter(sample -> !sample.recordedAt().isBefore(from))
            .filter(sample -> sample.recordedAt().isBefore(to))
            .sorted(
                Comparator.comparing(UsageSample::recordedAt).thenComparing(UsageSample::window))
            .toList());
  }

  @Override
  public synchronized CompletionStage<Long> deleteOlderThan(Instant cutoff) {
    requireNonNull(cutoff, "cutoff");
    int before = samples.size();
    samples.removeIf(sample -> sample.recordedAt().isBefore(cutoff));
    return completedFuture((long) (before - samples.size()));
  }
}
