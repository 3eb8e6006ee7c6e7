package io.codexlb.domain.account;

import com.google.errorprone.annotations.Immutable;

/**
 * How much work a plan allows per usage window, in upstream's "credits" (the unit ChatGPT's Codex
 * usage limits are expressed in). Routing uses these as relative weights: an account's remaining
 * capacity in a window is {@code credits × (1 − usedPercent / 100)}.
 *
 * @param primaryCredits credits per primary (5-hour) window; 0 for plans without one
 * @param secondaryCredits credits per secondary (weekly) window; positive
 */
@Immutable
public record PlanCapacity(double primaryCredits, double secondaryCredits) {

  public PlanCapacity {
    if (!Double.isFinite(primaryCredits) || primaryCredits < 0) {
      throw new IllegalArgumentException(
          "primaryCredits: " + primaryCredits + " (expected: finite, >= 0)");
    }
    if (!Double.isFinite(secondaryCredits) || secondaryCredits <= 0) {
      throw new IllegalArgumentException(
          "secondaryCredits: " + secondaryCredits + " (expected: finite, > 0)");
    }
  }
}
