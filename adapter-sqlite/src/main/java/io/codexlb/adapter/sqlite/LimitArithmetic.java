package io.codexlb.adapter.sqlite;

import io.codexlb.domain.limit.KeyLimit;
import io.codexlb.domain.limit.LimitType;
import io.codexlb.domain.limit.LimitWindow;
import io.codexlb.port.out.UsageDelta;
import java.time.Instant;
import java.util.List;

/**
 * The store's rule for adding usage to a limit: a window that has passed ({@code reset_at <= now})
 * starts again from zero in the window containing {@code now}; the count never goes below zero and
 * sticks at the maximum instead of overflowing.
 */
final class LimitArithmetic {

  private LimitArithmetic() {}

  /**
   * The sum of the deltas for one limit, applied as one change so that the order of a give-back and
   * a count in the same call does not matter.
   */
  static long total(List<UsageDelta> deltas, LimitType type, LimitWindow window) {
    long total = 0;
    for (UsageDelta delta : deltas) {
      if (delta.type() == type && delta.window() == window) {
        total = saturated(total, delta.amount());
      }
    }
    return total;
  }

  static KeyLimit add(KeyLimit limit, long amount, Instant now) {
    KeyLimit current = limit.at(now);
    return new KeyLimit(
        current.type(),
        current.window(),
        current.maxValue(),
        Math.max(0, saturated(current.currentValue(), amount)),
        current.resetAt());
  }

  private static long saturated(long a, long b) {
    try {
      return Math.addExact(a, b);
    } catch (ArithmeticException overflow) {
      return a > 0 ? Long.MAX_VALUE : Long.MIN_VALUE;
    }
  }
}
