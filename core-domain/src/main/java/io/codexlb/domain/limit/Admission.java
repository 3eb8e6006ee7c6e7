package io.codexlb.domain.limit;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/** Whether a key's limits let a request through: admitted with a reservation, or refused. */
public sealed interface Admission {

  /**
   * The request may go ahead; settle or release the reservation when it ends.
   *
   * @param reservation what the request holds against the key's limits
   */
  record Admitted(Reservation reservation) implements Admission {
    public Admitted {
      requireNonNull(reservation, "reservation");
    }
  }

  /**
   * A limit is used up (the HTTP layer answers 429 {@code rate_limit_exceeded} with {@code
   * Retry-After}). When several are, this names the one that resets last, since the request cannot
   * pass before then.
   *
   * @param type the used-up limit's type
   * @param window the used-up limit's window
   * @param resetAt when that limit resets
   * @param retryAfterSeconds whole seconds from the request until {@code resetAt}, rounded up;
   *     {@code >= 0}
   */
  record Refused(LimitType type, LimitWindow window, Instant resetAt, long retryAfterSeconds)
      implements Admission {

    public Refused {
      requireNonNull(type, "type");
      requireNonNull(window, "window");
      requireNonNull(resetAt, "resetAt");
      if (retryAfterSeconds < 0) {
        throw new IllegalArgumentException(
            "retryAfterSeconds: " + retryAfterSeconds + " (expected: >= 0)");
      }
    }

    /** The message for the client, worded as the troubleshooting guide shows it. */
    public String message() {
      return "API key " + type.wireName() + " " + window.wireName() + " limit exceeded";
    }
  }
}
