package io.codexlb.benchmarks.load;

/**
 * When each request of an open-loop load is due: request {@code i} is due at {@code start + i /
 * rate}, whatever happened to the requests before it. Measuring each request from its due time
 * rather than from when it was actually sent is what keeps a stall (a GC pause, a full pool) from
 * hiding the requests it delayed: the coordinated-omission correction.
 *
 * <p>Times are {@link System#nanoTime()} values; the arithmetic is exact integer arithmetic, so the
 * schedule never drifts over a long run.
 */
final class FixedRateSchedule {

  private static final long NANOS_PER_SECOND = 1_000_000_000L;

  private final long startNanos;
  private final int perSecond;

  /**
   * A schedule whose first request is due at {@code startNanos}.
   *
   * @param perSecond requests per second; positive
   */
  FixedRateSchedule(long startNanos, int perSecond) {
    if (perSecond <= 0) {
      throw new IllegalArgumentException("perSecond: " + perSecond + " (expected: > 0)");
    }
    this.startNanos = startNanos;
    this.perSecond = perSecond;
  }

  /** When request {@code index} (from 0) is due. */
  long dueAt(long index) {
    if (index < 0) {
      throw new IllegalArgumentException("index: " + index + " (expected: >= 0)");
    }
    // Whole seconds first so that index * NANOS_PER_SECOND cannot overflow on long runs.
    long seconds = index / perSecond;
    long rest = index % perSecond;
    return startNanos + seconds * NANOS_PER_SECOND + rest * NANOS_PER_SECOND / perSecond;
  }

  /** How many requests are due at {@code nowNanos}: those with {@code dueAt(i) <= nowNanos}. */
  long dueBy(long nowNanos) {
    long elapsed = nowNanos - startNanos;
    if (elapsed < 0) {
      return 0;
    }
    long seconds = elapsed / NANOS_PER_SECOND;
    long rest = elapsed % NANOS_PER_SECOND;
    // Request k of a second is due floor(k * 1e9 / rate) ns into it.
    long withinSecond = largestIndexDueWithin(rest) + 1;
    return seconds * perSecond + withinSecond;
  }

  /** How many requests a run of {@code seconds} seconds sends. */
  long countFor(long seconds) {
    return Math.multiplyExact(seconds, (long) perSecond);
  }

  // The largest k in [0, perSecond) with floor(k * 1e9 / perSecond) <= rest.
  private long largestIndexDueWithin(long rest) {
    long k = (rest * perSecond) / NANOS_PER_SECOND;
    // floor(k * 1e9 / rate) <= rest holds for this k; the next one may hold too because of the
    // rounding down, so step forward while it does (at most once).
    while (k + 1 < perSecond && (k + 1) * NANOS_PER_SECOND / perSecond <= rest) {
      k++;
    }
    return Math.min(k, perSecond - 1L);
  }
}
