package io.codexlb.benchmarks.load;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Requests that did not end in a 2xx answer, counted by what happened instead: an HTTP status, or
 * {@link #TRANSPORT} for a refused connection, a reset or a cut stream. Safe to count from any
 * thread.
 */
final class FailureCounts {

  /** Stands for a failure with no status: the request or its response broke off. */
  static final int TRANSPORT = 0;

  private final ConcurrentMap<Integer, LongAdder> byStatus = new ConcurrentHashMap<>();

  /** Counts one failure with {@code status}, or {@link #TRANSPORT}. */
  void count(int status) {
    byStatus.computeIfAbsent(status, ignored -> new LongAdder()).increment();
  }

  /** All failures counted. */
  long total() {
    return byStatus.values().stream().mapToLong(LongAdder::sum).sum();
  }

  /** These failures and {@code other}'s, in a new instance. */
  FailureCounts plus(FailureCounts other) {
    FailureCounts sum = new FailureCounts();
    for (FailureCounts part : new FailureCounts[] {this, other}) {
      part.byStatus.forEach(
          (status, n) -> sum.byStatus.computeIfAbsent(status, s -> new LongAdder()).add(n.sum()));
    }
    return sum;
  }

  /** Such as {@code 12 (503: 10, reset: 2)}, or {@code 0}. */
  String describe() {
    if (byStatus.isEmpty()) {
      return "0";
    }
    Map<Integer, Long> sorted = new TreeMap<>();
    byStatus.forEach((status, n) -> sorted.put(status, n.sum()));
    StringBuilder detail = new StringBuilder();
    sorted.forEach(
        (status, n) -> {
          if (detail.length() > 0) {
            detail.append(", ");
          }
          detail.append(status == TRANSPORT ? "reset" : status.toString()).append(": ").append(n);
        });
    return total() + " (" + detail + ")";
  }
}
