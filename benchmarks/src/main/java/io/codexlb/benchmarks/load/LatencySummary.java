package io.codexlb.benchmarks.load;

import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.AbstractHistogram;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * The percentiles of one run's latencies, in nanoseconds.
 *
 * @param count how many values were recorded
 * @param p50 the median
 * @param p90 the 90th percentile
 * @param p99 the 99th percentile
 * @param p999 the 99.9th percentile
 * @param max the largest value
 */
record LatencySummary(long count, long p50, long p90, long p99, long p999, long max) {

  /** The largest latency a histogram keeps apart; anything slower is recorded as this. */
  static final long HIGHEST_NANOS = TimeUnit.SECONDS.toNanos(120);

  /**
   * A histogram for latencies in nanoseconds, 3 significant digits, safe to record from threads.
   */
  static Histogram newHistogram() {
    return new ConcurrentHistogram(HIGHEST_NANOS, 3);
  }

  /** Records {@code nanos} in {@code histogram}, clamped to {@code [0, HIGHEST_NANOS]}. */
  static void record(Histogram histogram, long nanos) {
    histogram.recordValue(Math.max(0, Math.min(HIGHEST_NANOS, nanos)));
  }

  /** The summary of {@code histogram}; all zeros when it is empty. */
  static LatencySummary of(AbstractHistogram histogram) {
    if (histogram.getTotalCount() == 0) {
      return new LatencySummary(0, 0, 0, 0, 0, 0);
    }
    return new LatencySummary(
        histogram.getTotalCount(),
        histogram.getValueAtPercentile(50),
        histogram.getValueAtPercentile(90),
        histogram.getValueAtPercentile(99),
        histogram.getValueAtPercentile(99.9),
        histogram.getMaxValue());
  }

  /**
   * What this run adds to {@code baseline}: the difference of each percentile (a difference of
   * percentiles, not a percentile of differences: the two runs' requests are not paired). The count
   * is this run's.
   */
  LatencySummary minus(LatencySummary baseline) {
    return new LatencySummary(
        count,
        p50 - baseline.p50,
        p90 - baseline.p90,
        p99 - baseline.p99,
        p999 - baseline.p999,
        max - baseline.max);
  }

  /** {@code nanos} as milliseconds with three decimals, such as {@code 0.412}. */
  static String millis(long nanos) {
    return String.format(Locale.ROOT, "%.3f", nanos / 1_000_000.0);
  }
}
