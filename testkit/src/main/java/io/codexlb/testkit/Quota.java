package io.codexlb.testkit;

import java.time.Duration;

/**
 * The account quota a scripted response reports, as the {@code x-codex-primary-*} / {@code
 * x-codex-secondary-*} response headers and a {@code codex.rate_limits} event: the primary window
 * is the short one (5 hours by default), the secondary the weekly one.
 */
public record Quota(
    double primaryUsedPercent,
    int primaryWindowMinutes,
    Duration primaryResetAfter,
    double secondaryUsedPercent,
    int secondaryWindowMinutes,
    Duration secondaryResetAfter) {

  /** Default primary window of the ChatGPT plans: 5 hours. */
  public static final int PRIMARY_WINDOW_MINUTES = 300;

  /** Default secondary window of the ChatGPT plans: one week. */
  public static final int SECONDARY_WINDOW_MINUTES = 10_080;

  /** Checks the values, so the headers are always ones the real backend could send. */
  public Quota {
    requirePercent("primaryUsedPercent", primaryUsedPercent);
    requirePercent("secondaryUsedPercent", secondaryUsedPercent);
    requirePositive("primaryWindowMinutes", primaryWindowMinutes);
    requirePositive("secondaryWindowMinutes", secondaryWindowMinutes);
    requireNotNegative("primaryResetAfter", primaryResetAfter);
    requireNotNegative("secondaryResetAfter", secondaryResetAfter);
  }

  /**
   * A quota with the default windows, each resetting after its whole window.
   *
   * @param primaryUsedPercent percent used of the 5-hour window, 0 to 100
   * @param secondaryUsedPercent percent used of the weekly window, 0 to 100
   */
  public static Quota used(double primaryUsedPercent, double secondaryUsedPercent) {
    return new Quota(
        primaryUsedPercent,
        PRIMARY_WINDOW_MINUTES,
        Duration.ofMinutes(PRIMARY_WINDOW_MINUTES),
        secondaryUsedPercent,
        SECONDARY_WINDOW_MINUTES,
        Duration.ofMinutes(SECONDARY_WINDOW_MINUTES));
  }

  /** This quota with the primary window resetting after {@code resetAfter}. */
  public Quota primaryResetsAfter(Duration resetAfter) {
    return new Quota(
        primaryUsedPercent,
        primaryWindowMinutes,
        resetAfter,
        secondaryUsedPercent,
        secondaryWindowMinutes,
        secondaryResetAfter);
  }

  /** This quota with the secondary window resetting after {@code resetAfter}. */
  public Quota secondaryResetsAfter(Duration resetAfter) {
    return new Quota(
        primaryUsedPercent,
        primaryWindowMinutes,
        primaryResetAfter,
        secondaryUsedPercent,
        secondaryWindowMinutes,
        resetAfter);
  }

  private static void requirePercent(String name, double value) {
    if (!(value >= 0 && value <= 100)) {
      throw new IllegalArgumentException(name + ": " + value + " (expected: 0 to 100)");
    }
  }

  private static void requirePositive(String name, int value) {
    if (value <= 0) {
      throw new IllegalArgumentException(name + ": " + value + " (expected: > 0)");
    }
  }

  private static void requireNotNegative(String name, Duration value) {
    if (value == null || value.isNegative()) {
      throw new IllegalArgumentException(name + ": " + value + " (expected: a duration >= 0)");
    }
  }
}
