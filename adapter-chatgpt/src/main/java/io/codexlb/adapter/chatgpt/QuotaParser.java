package io.codexlb.adapter.chatgpt;

import com.fasterxml.jackson.databind.JsonNode;
import io.codexlb.domain.account.Credits;
import io.codexlb.domain.account.UsageSnapshot;
import io.codexlb.domain.account.UsageWindow;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Reads an account's quota from what a response carries: the {@code x-codex-primary-*}, {@code
 * x-codex-secondary-*} and {@code x-codex-credits-*} headers, or a {@code codex.rate_limits} event.
 * A window needs its used percent; a missing length falls back to the plan's usual one (5 hours, 7
 * days), and a missing reset to the reset-after delay or, failing that, one window from now, the
 * latest it can be.
 */
final class QuotaParser {

  static final Duration PRIMARY_DEFAULT = Duration.ofHours(5);
  static final Duration SECONDARY_DEFAULT = Duration.ofDays(7);

  /** Year 9999: anything later is garbage, not a reset time. */
  static final double MAX_EPOCH_SECONDS = 253_402_300_799d;

  /** About ten years: no window is longer. */
  static final double MAX_WINDOW_MINUTES = 5_256_000d;

  private QuotaParser() {}

  /** The quota the headers report; empty when they report none. */
  static Optional<UsageSnapshot> fromHeaders(
      Function<String, @Nullable String> header, Instant now) {
    Optional<UsageWindow> primary =
        windowFromHeaders(header, "x-codex-primary-", PRIMARY_DEFAULT, now);
    Optional<UsageWindow> secondary =
        windowFromHeaders(header, "x-codex-secondary-", SECONDARY_DEFAULT, now);
    Optional<Boolean> hasCredits =
        Numbers.parseBoolean(header.apply("x-codex-credits-has-credits"));
    Optional<Boolean> unlimited = Numbers.parseBoolean(header.apply("x-codex-credits-unlimited"));
    OptionalDouble balance = Numbers.parseDouble(header.apply("x-codex-credits-balance"));
    return snapshot(primary, secondary, hasCredits, unlimited, balance);
  }

  /** The quota a {@code codex.rate_limits} event reports; empty when it reports none. */
  static Optional<UsageSnapshot> fromRateLimitsEvent(JsonNode event, Instant now) {
    JsonNode limits = event.path("rate_limits").isObject() ? event.path("rate_limits") : event;
    Optional<UsageWindow> primary = windowFromJson(limits.path("primary"), PRIMARY_DEFAULT, now);
    Optional<UsageWindow> secondary =
        windowFromJson(limits.path("secondary"), SECONDARY_DEFAULT, now);
    JsonNode credits =
        event.path("credits").isObject() ? event.path("credits") : limits.path("credits");
    return snapshot(
        primary,
        secondary,
        Json.bool(credits, "has_credits"),
        Json.bool(credits, "unlimited"),
        Json.number(credits, "balance"));
  }

  private static Optional<UsageSnapshot> snapshot(
      Optional<UsageWindow> primary,
      Optional<UsageWindow> secondary,
      Optional<Boolean> hasCredits,
      Optional<Boolean> unlimited,
      OptionalDouble balance) {
    boolean creditsReported =
        hasCredits.isPresent() || unlimited.isPresent() || balance.isPresent();
    if (primary.isEmpty() && secondary.isEmpty() && !creditsReported) {
      return Optional.empty();
    }
    Credits credits =
        creditsReported
            ? new Credits(
                hasCredits.orElse(false), unlimited.orElse(false), Math.max(0, balance.orElse(0)))
            : Credits.NONE;
    return Optional.of(new UsageSnapshot(primary, secondary, credits));
  }

  private static Optional<UsageWindow> windowFromHeaders(
      Function<String, @Nullable String> header,
      String prefix,
      Duration defaultLength,
      Instant now) {
    return window(
        Numbers.parseDouble(header.apply(prefix + "used-percent")),
        Numbers.parseDouble(header.apply(prefix + "window-minutes")),
        Numbers.parseDouble(header.apply(prefix + "reset-at")),
        Numbers.parseDouble(header.apply(prefix + "reset-after-seconds")),
        defaultLength,
        now);
  }

  /**
   * A window of a {@code wham/usage} body: {@code used_percent}, {@code limit_window_seconds},
   * {@code reset_at} (epoch seconds), {@code reset_after_seconds}; empty when it is not an object
   * or has no usable {@code used_percent}.
   */
  static Optional<UsageWindow> fromUsageWindow(
      JsonNode window, Duration defaultLength, Instant now) {
    if (!window.isObject()) {
      return Optional.empty();
    }
    OptionalDouble seconds = Json.number(window, "limit_window_seconds");
    return window(
        Json.number(window, "used_percent"),
        seconds.isPresent()
            ? OptionalDouble.of(seconds.getAsDouble() / 60)
            : OptionalDouble.empty(),
        Json.number(window, "reset_at"),
        Json.number(window, "reset_after_seconds"),
        defaultLength,
        now);
  }

  private static Optional<UsageWindow> windowFromJson(
      JsonNode window, Duration defaultLength, Instant now) {
    if (!window.isObject()) {
      return Optional.empty();
    }
    OptionalDouble resetAt = Json.number(window, "reset_at");
    OptionalDouble resetAfter = Json.number(window, "reset_after_seconds");
    return window(
        Json.number(window, "used_percent"),
        Json.number(window, "window_minutes"),
        resetAt.isPresent() ? resetAt : Json.number(window, "resets_at"),
        resetAfter.isPresent() ? resetAfter : Json.number(window, "resets_in_seconds"),
        defaultLength,
        now);
  }

  private static Optional<UsageWindow> window(
      OptionalDouble usedPercent,
      OptionalDouble windowMinutes,
      OptionalDouble resetAtEpochSeconds,
      OptionalDouble resetAfterSeconds,
      Duration defaultLength,
      Instant now) {
    if (usedPercent.isEmpty() || usedPercent.getAsDouble() < 0) {
      return Optional.empty();
    }
    Duration length =
        windowMinutes.isPresent()
                && windowMinutes.getAsDouble() >= 1
                && windowMinutes.getAsDouble() < MAX_WINDOW_MINUTES
            ? Duration.ofMinutes((long) windowMinutes.getAsDouble())
            : defaultLength;
    Instant resetsAt;
    if (resetAtEpochSeconds.isPresent()
        && resetAtEpochSeconds.getAsDouble() > 0
        && resetAtEpochSeconds.getAsDouble() < MAX_EPOCH_SECONDS) {
      resetsAt = Instant.ofEpochSecond((long) resetAtEpochSeconds.getAsDouble());
    } else if (resetAfterSeconds.isPresent()
        && resetAfterSeconds.getAsDouble() >= 0
        && resetAfterSeconds.getAsDouble() < MAX_WINDOW_MINUTES * 60) {
      resetsAt = now.plusSeconds((long) resetAfterSeconds.getAsDouble());
    } else {
      resetsAt = now.plus(length);
    }
    return Optional.of(new UsageWindow(usedPercent.getAsDouble(), resetsAt, length));
  }
}
