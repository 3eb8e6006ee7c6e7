package io.codexlb.testkit;

import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * What {@code GET {base}/wham/usage} answers for one account: its plan, its two rate-limit windows
 * and its credits, in the ChatGPT backend's shape:
 *
 * <pre>{@code
 * {"plan_type":"plus",
 *  "rate_limit":{"primary_window":{"used_percent":..,"limit_window_seconds":..,
 *                                   "reset_after_seconds":..,"reset_at":<epoch seconds>},
 *                "secondary_window":{...}},
 *  "credits":{"has_credits":false,"unlimited":false,"balance":"0"}}
 * }</pre>
 *
 * A missing window is {@code null} in the body, as upstream sends it for plans without one.
 *
 * @param planType the plan's name, e.g. {@code plus}
 * @param primary the 5-hour window, if the plan has one
 * @param secondary the weekly window, if the plan has one
 * @param credits the account's credits
 */
public record WhamUsage(
    String planType, Optional<Window> primary, Optional<Window> secondary, Credits credits) {

  /** Checks the values. */
  public WhamUsage {
    if (planType == null || planType.isBlank()) {
      throw new IllegalArgumentException("planType: " + planType + " (expected: a plan name)");
    }
    if (primary == null || secondary == null || credits == null) {
      throw new IllegalArgumentException("primary, secondary, credits: null (expected: values)");
    }
  }

  /**
   * A plus account with both default windows (5 hours, one week) used as given, each resetting a
   * whole window after {@code now}, and no credits.
   */
  public static WhamUsage used(double primaryPercent, double secondaryPercent, Instant now) {
    return new WhamUsage(
        "plus",
        Optional.of(
            Window.of(primaryPercent, Duration.ofMinutes(Quota.PRIMARY_WINDOW_MINUTES), now, null)),
        Optional.of(
            Window.of(
                secondaryPercent, Duration.ofMinutes(Quota.SECONDARY_WINDOW_MINUTES), now, null)),
        Credits.NONE);
  }

  /** This answer with another primary (5-hour) window. */
  public WhamUsage withPrimary(Window window) {
    return new WhamUsage(planType, Optional.of(window), secondary, credits);
  }

  /** This answer with another secondary (weekly) window. */
  public WhamUsage withSecondary(Window window) {
    return new WhamUsage(planType, primary, Optional.of(window), credits);
  }

  /** This answer with another plan. */
  public WhamUsage withPlan(String plan) {
    return new WhamUsage(plan, primary, secondary, credits);
  }

  /** This answer with other credits. */
  public WhamUsage withCredits(Credits newCredits) {
    return new WhamUsage(planType, primary, secondary, newCredits);
  }

  /** The body, with {@code reset_after_seconds} counted from {@code now}. */
  JsonObject json(Instant now) {
    JsonObject limits =
        new JsonObject()
            .put("allowed", true)
            .put("limit_reached", false)
            .put("primary_window", primary.map(w -> w.json(now)).orElse(null))
            .put("secondary_window", secondary.map(w -> w.json(now)).orElse(null));
    return new JsonObject()
        .put("plan_type", planType)
        .put("rate_limit", limits)
        .put(
            "credits",
            new JsonObject()
                .put("has_credits", credits.hasCredits())
                .put("unlimited", credits.unlimited())
                .put("balance", credits.balance()));
  }

  /**
   * One window.
   *
   * @param usedPercent percent used, 0 or more (upstream sends more than 100 when overdrawn)
   * @param resetAt when it resets
   * @param limitWindow its length
   */
  public record Window(double usedPercent, Instant resetAt, Duration limitWindow) {

    /** Checks the values. */
    public Window {
      if (!(usedPercent >= 0) || Double.isInfinite(usedPercent)) {
        throw new IllegalArgumentException("usedPercent: " + usedPercent + " (expected: >= 0)");
      }
      if (resetAt == null) {
        throw new IllegalArgumentException("resetAt: null (expected: an instant)");
      }
      if (limitWindow == null || limitWindow.isNegative() || limitWindow.isZero()) {
        throw new IllegalArgumentException("limitWindow: " + limitWindow + " (expected: > 0)");
      }
    }

    /**
     * A window of {@code length} used {@code percent}, resetting at {@code resetAt}, or a whole
     * window after {@code now} when {@code resetAt} is null.
     */
    public static Window of(double percent, Duration length, Instant now, Instant resetAt) {
      return new Window(percent, resetAt != null ? resetAt : now.plus(length), length);
    }

    JsonObject json(Instant now) {
      return new JsonObject()
          .put("used_percent", usedPercent)
          .put("limit_window_seconds", limitWindow.toSeconds())
          .put("reset_after_seconds", Math.max(0, Duration.between(now, resetAt).toSeconds()))
          .put("reset_at", resetAt.getEpochSecond());
    }
  }

  /**
   * An account's credits.
   *
   * @param hasCredits upstream's {@code has_credits}
   * @param unlimited upstream's {@code unlimited}
   * @param balance upstream's {@code balance}, sent as a decimal string
   */
  public record Credits(boolean hasCredits, boolean unlimited, String balance) {

    /** No credits. */
    public static final Credits NONE = new Credits(false, false, "0");

    /** Checks the values. */
    public Credits {
      if (balance == null) {
        throw new IllegalArgumentException("balance: null (expected: a decimal string)");
      }
    }
  }
}
