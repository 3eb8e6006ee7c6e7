package io.codexlb.port.in;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * What a drain request did.
 *
 * @param alreadyDraining whether a drain was already under way (a signal or an earlier request
 *     started it); then nothing new was started
 * @param trigger what started the drain under way, such as {@code SIGTERM} or {@code admin}
 * @param settle how long new requests are still served after readiness fails
 * @param grace how long requests in flight may then take to finish
 */
public record DrainResult(
    boolean alreadyDraining, String trigger, Duration settle, Duration grace) {

  public DrainResult {
    requireNonNull(trigger, "trigger");
    requireNonNull(settle, "settle");
    requireNonNull(grace, "grace");
  }
}
