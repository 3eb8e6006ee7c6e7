package io.codexlb.testkit;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * An HTTP error answer with the body shape of the ChatGPT backend: {@code
 * {"error":{"type","code","message","plan_type"?,"resets_at"?,"resets_in_seconds"?}}}. {@code
 * resets_in_seconds} is computed when the answer is sent, from the backend's clock.
 *
 * @param status the HTTP status, 400 to 599
 * @param type the error {@code type}
 * @param code the error {@code code}
 * @param message the error {@code message}
 * @param resetsAt when the limit resets; empty for errors that are not limits
 * @param planType the account's plan, reported with limits; empty for others
 * @param quota quota reported in the response headers; empty means none
 * @param firstByteDelay pause before the status line
 */
public record ErrorScript(
    int status,
    String type,
    String code,
    String message,
    Optional<Instant> resetsAt,
    Optional<String> planType,
    Optional<Quota> quota,
    Duration firstByteDelay)
    implements Script {

  /** Checks the values, so every scripted error is an error the client can classify. */
  public ErrorScript {
    if (status < 400 || status > 599) {
      throw new IllegalArgumentException("status: " + status + " (expected: 400 to 599)");
    }
    if (type == null || code == null || message == null) {
      throw new IllegalArgumentException("type, code, message: null (expected: strings)");
    }
    if (resetsAt == null || planType == null || quota == null) {
      throw new IllegalArgumentException("resetsAt, planType, quota: null (expected: optionals)");
    }
    if (firstByteDelay == null || firstByteDelay.isNegative()) {
      throw new IllegalArgumentException(
          "firstByteDelay: " + firstByteDelay + " (expected: a duration >= 0)");
    }
  }

  static ErrorScript of(int status, String code, String message) {
    return new ErrorScript(
        status,
        code,
        code,
        message,
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Duration.ZERO);
  }

  static ErrorScript rateLimited(Instant resetsAt) {
    return of(429, "usage_limit_reached", "The usage limit has been reached")
        .resetting(resetsAt)
        .quota(Quota.used(100, 50).primaryResetsAfter(untilNow(resetsAt)));
  }

  static ErrorScript quotaExceeded(Instant resetsAt) {
    return of(429, "insufficient_quota", "You have exceeded your usage quota")
        .resetting(resetsAt)
        .quota(Quota.used(100, 100).secondaryResetsAfter(untilNow(resetsAt)));
  }

  static ErrorScript unauthorized() {
    return of(
            401,
            "token_expired",
            "Provided authentication token is expired. Please try signing in again.")
        .typed("invalid_request_error");
  }

  static ErrorScript failure(int status) {
    return of(status, "server_error", "The server had an error while processing your request.");
  }

  /** This error with a different {@code type} (the {@code code} stays). */
  public ErrorScript typed(String errorType) {
    return new ErrorScript(
        status, errorType, code, message, resetsAt, planType, quota, firstByteDelay);
  }

  /** This error carrying {@code resets_at}, {@code resets_in_seconds} and a {@code plus} plan. */
  public ErrorScript resetting(Instant at) {
    return new ErrorScript(
        status,
        type,
        code,
        message,
        Optional.of(at),
        Optional.of(planType.orElse("plus")),
        quota,
        firstByteDelay);
  }

  /** This error reporting {@code plan} as {@code plan_type}. */
  public ErrorScript plan(String plan) {
    return new ErrorScript(
        status, type, code, message, resetsAt, Optional.of(plan), quota, firstByteDelay);
  }

  /** This error with {@code reported} in its quota headers. */
  public ErrorScript quota(Quota reported) {
    return new ErrorScript(
        status, type, code, message, resetsAt, planType, Optional.of(reported), firstByteDelay);
  }

  /** This error waiting {@code wait} before the status line. */
  public ErrorScript firstByteAfter(Duration wait) {
    return new ErrorScript(status, type, code, message, resetsAt, planType, quota, wait);
  }

  // The headers carry a relative reset; a reset in the past reads as "now".
  private static Duration untilNow(Instant at) {
    Duration left = Duration.between(Instant.now(), at);
    return left.isNegative() ? Duration.ZERO : left;
  }
}
