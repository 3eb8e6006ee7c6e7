package io.codexlb.port.out;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * A drain under way.
 *
 * @param alreadyDraining whether this call found it under way rather than starting it
 * @param trigger what started it
 * @param settle how long new requests are still served once readiness fails
 * @param grace how long requests in flight may then take to finish
 */
public record DrainPlan(boolean alreadyDraining, String trigger, Duration settle, Duration grace) {

  public DrainPlan {
    requireNonNull(trigger, "trigger");
    requireNonNull(settle, "settle");
    requireNonNull(grace, "grace");
    if (settle.isNegative() || grace.isNegative()) {
      throw new IllegalArgumentException(
          "settle " + settle + ", grace " + grace + " (expected: both zero or positive)");
    }
  }

  /** The same plan, as a later call finds it. */
  public DrainPlan again() {
    return new DrainPlan(true, trigger, settle, grace);
  }
}
