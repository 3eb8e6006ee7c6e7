package io.codexlb.domain.limit;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * One limit of a key as the dashboard and the store see it. {@code currentValue} includes what
 * requests still in flight have reserved, so it never lags behind traffic that was let through.
 *
 * @param type {@code limit_type}
 * @param window {@code limit_window}
 * @param maxValue {@code max_value}: requests are refused once {@code currentValue >= maxValue};
 *     {@code >= 0}
 * @param currentValue {@code current_value}, counted in the current window; {@code >= 0}
 * @param resetAt {@code reset_at}: the end of the window {@code currentValue} counts in
 */
public record KeyLimit(
    LimitType type, LimitWindow window, long maxValue, long currentValue, Instant resetAt) {

  public KeyLimit {
    requireNonNull(type, "type");
    requireNonNull(window, "window");
    requireNonNull(resetAt, "resetAt");
    if (maxValue < 0) {
      throw new IllegalArgumentException("maxValue: " + maxValue + " (expected: >= 0)");
    }
    if (currentValue < 0) {
      throw new IllegalArgumentException("currentValue: " + currentValue + " (expected: >= 0)");
    }
  }

  /** A new, unused limit whose window contains the given instant. */
  public static KeyLimit fresh(LimitType type, LimitWindow window, long maxValue, Instant now) {
    requireNonNull(window, "window");
    return new KeyLimit(type, window, maxValue, 0, window.resetAfter(now));
  }

  /** Whether requests are refused: {@code currentValue >= maxValue}. */
  public boolean exhausted() {
    return currentValue >= maxValue;
  }

  /** Whether the window has passed at the given instant, so the count starts again. */
  public boolean windowPassedAt(Instant now) {
    return !requireNonNull(now, "now").isBefore(resetAt);
  }

  /**
   * This limit as it stands at the given instant: unchanged while its window lasts; from the reset
   * on, zero in the window containing {@code now}.
   */
  public KeyLimit at(Instant now) {
    return windowPassedAt(now) ? fresh(type, window, maxValue, now) : this;
  }

  KeyLimit withCurrentValue(long newCurrentValue) {
    return new KeyLimit(type, window, maxValue, newCurrentValue, resetAt);
  }

  KeyLimit withMaxValue(long newMaxValue) {
    return new KeyLimit(type, window, newMaxValue, currentValue, resetAt);
  }

  LimitId id() {
    return new LimitId(type, window);
  }
}
