package io.codexlb.domain.account;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * What upstream last said about an account's usage, from the usage endpoint or from the rate-limit
 * headers and events of a response. Either window may be missing: free plans have no 5-hour window,
 * and upstream does not always report both.
 *
 * @param primary the 5-hour window, if reported
 * @param secondary the weekly window, if reported
 * @param credits the account's credits; {@link Credits#NONE} when not reported
 */
public record UsageSnapshot(
    Optional<UsageWindow> primary, Optional<UsageWindow> secondary, Credits credits) {

  public UsageSnapshot {
    requireNonNull(primary, "primary");
    requireNonNull(secondary, "secondary");
    requireNonNull(credits, "credits");
  }

  /** A snapshot of both windows and no credits. */
  public static UsageSnapshot of(UsageWindow primary, UsageWindow secondary) {
    return new UsageSnapshot(
        Optional.of(requireNonNull(primary, "primary")),
        Optional.of(requireNonNull(secondary, "secondary")),
        Credits.NONE);
  }

  /** This snapshot with the given credits. */
  public UsageSnapshot withCredits(Credits credits) {
    return new UsageSnapshot(primary, secondary, credits);
  }

  /**
   * Whether the weekly quota is used up with no credits to go on: upstream's condition for {@code
   * quota_exceeded}.
   */
  boolean quotaExhausted() {
    return secondary.filter(UsageWindow::exhausted).isPresent() && !credits.usable();
  }

  /** Whether the 5-hour window is used up: upstream's condition for {@code rate_limited}. */
  boolean shortWindowExhausted() {
    return primary.filter(UsageWindow::exhausted).isPresent();
  }
}
