package io.codexlb.domain;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;

/**
 * The {@code Retry-After} of a refusal: whole seconds until the instant the refusal ends. Rounded
 * up, so a client that waits that long is never early; never negative.
 */
public final class RetryAfter {

  private RetryAfter() {}

  /** Whole seconds from {@code now} until {@code resetAt}, rounded up, never negative. */
  public static long seconds(Instant now, Instant resetAt) {
    requireNonNull(now, "now");
    requireNonNull(resetAt, "resetAt");
    Duration left = Duration.between(now, resetAt);
    if (left.isNegative()) {
      return 0;
    }
    return left.getSeconds() + (left.getNano() > 0 ? 1 : 0);
  }
}
