package io.codexlb.domain.account;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;

/**
 * One upstream usage window as last reported: how much of it is used and when it starts afresh. The
 * primary window is the 5-hour one, the secondary the weekly one.
 *
 * @param usedPercent share of the window used, as upstream reports it: finite and {@code >= 0};
 *     values above 100 are kept, upstream sends them when a window is overdrawn
 * @param resetsAt when the window resets and its usage drops to zero
 * @param length the window's length, e.g. 5 hours or 7 days; positive
 */
public record UsageWindow(double usedPercent, Instant resetsAt, Duration length) {

  /** The share at and above which a window is used up. */
  public static final double EXHAUSTED_PERCENT = 100.0;

  public UsageWindow {
    if (!Double.isFinite(usedPercent) || usedPercent < 0) {
      throw new IllegalArgumentException(
          "usedPercent: " + usedPercent + " (expected: finite, >= 0)");
    }
    requireNonNull(resetsAt, "resetsAt");
    requireNonNull(length, "length");
    if (length.isZero() || length.isNegative()) {
      throw new IllegalArgumentException("length: " + length + " (expected: > 0)");
    }
  }

  /** Whether the window was used up when reported. */
  public boolean exhausted() {
    return usedPercent >= EXHAUSTED_PERCENT;
  }

  /**
   * The used share at {@code now}: as reported until the reset time, zero from then on, since the
   * window has started afresh even if no newer report has arrived yet.
   */
  public double usedPercentAt(Instant now) {
    requireNonNull(now, "now");
    return now.isBefore(resetsAt) ? usedPercent : 0.0;
  }

  /**
   * This window as of {@code now}: itself until its reset time, then the same window with 0% used
   * (its reset time, now past, stays until upstream reports the next window).
   */
  public UsageWindow asOf(Instant now) {
    requireNonNull(now, "now");
    return now.isBefore(resetsAt) ? this : new UsageWindow(0.0, resetsAt, length);
  }
}
