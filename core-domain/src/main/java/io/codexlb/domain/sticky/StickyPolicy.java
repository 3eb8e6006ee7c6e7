package io.codexlb.domain.sticky;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * How sticky sessions behave right now; the operator changes it through the routing settings.
 *
 * @param enabled {@code false} turns stickiness off: nothing is pinned and nothing is found
 * @param ttl how long a pin lives after its last use; positive
 */
public record StickyPolicy(boolean enabled, Duration ttl) {

  /** The upstream default: 30 minutes ({@code openai_cache_affinity_max_age_seconds} = 1800). */
  public static final Duration DEFAULT_TTL = Duration.ofMinutes(30);

  public StickyPolicy {
    requireNonNull(ttl, "ttl");
    if (ttl.isNegative() || ttl.isZero()) {
      throw new IllegalArgumentException("ttl: " + ttl + " (expected: > 0)");
    }
  }

  /** Stickiness on, with the default time to live. */
  public static StickyPolicy defaults() {
    return new StickyPolicy(true, DEFAULT_TTL);
  }
}
