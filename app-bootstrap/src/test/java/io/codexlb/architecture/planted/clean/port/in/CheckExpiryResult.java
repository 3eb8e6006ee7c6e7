package io.codexlb.architecture.planted.clean.port.in;

import java.time.Instant;

/** Clean: an expected outcome with several cases, as a sealed interface. */
public sealed interface CheckExpiryResult {

  /** The deadline has passed. */
  record Expired() implements CheckExpiryResult {}

  /** Valid until the given instant. */
  record Valid(Instant until) implements CheckExpiryResult {}

  /** No deadline is known for the key. */
  record Unknown() implements CheckExpiryResult {}
}
