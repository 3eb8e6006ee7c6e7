package io.codexlb.domain.account;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * An account as routing sees it at one instant, with time already applied: limits whose reset has
 * passed are over, and windows whose reset has passed show 0% used (their reset time is then in the
 * past until upstream reports the next window). See {@link Account#view(java.time.Instant)}.
 *
 * @param id the account
 * @param plan its plan
 * @param status its status at that instant
 * @param availability whether routing may pick it, and if not why and until when
 * @param primary the 5-hour window, if known
 * @param secondary the weekly window, if known
 * @param consecutiveErrors transient errors since its last success
 */
public record AccountView(
    AccountId id,
    PlanType plan,
    AccountStatus status,
    Availability availability,
    Optional<UsageWindow> primary,
    Optional<UsageWindow> secondary,
    int consecutiveErrors) {

  public AccountView {
    requireNonNull(id, "id");
    requireNonNull(plan, "plan");
    requireNonNull(status, "status");
    requireNonNull(availability, "availability");
    requireNonNull(primary, "primary");
    requireNonNull(secondary, "secondary");
  }

  /** The plan's default capacity. */
  public PlanCapacity capacity() {
    return plan.capacity();
  }

  /**
   * The weekly credits left: the plan's weekly capacity times the unused share of the weekly
   * window, never negative; the whole capacity while the window is unknown. Capacity-weighted
   * routing weighs accounts by it.
   */
  public double remainingSecondaryCredits() {
    double used = secondary.map(UsageWindow::usedPercent).orElse(0.0);
    double unused = Math.max(0.0, 1.0 - used / UsageWindow.EXHAUSTED_PERCENT);
    return plan.capacity().secondaryCredits() * unused;
  }
}
