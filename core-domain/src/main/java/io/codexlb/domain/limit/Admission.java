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
   * The request is refused by a limit (the HTTP layer answers 429 {@code rate_limit_exceeded} with
   * {@code Retry-After}), for one of two reasons:
   *
   * <ul>
   *   <li>{@link Reason#USED_UP}: the limit is used up. When several are, this names the one that
   *       resets last, since the request cannot pass before then; {@code retryAfterSeconds} is the
   *       time until {@code resetAt}.
   *   <li>{@link Reason#BUSY}: the limit is not used up, but what is left of it could not cover
   *       this request's worst case on top of the requests in flight, so only one request at a time
   *       is admitted, and one is in flight. {@code retryAfterSeconds} is 1: it may pass as soon as
   *       that request ends.
   * </ul>
   *
   * @param type the refusing limit's type
   * @param window the refusing limit's window
   * @param resetAt when that limit resets
   * @param retryAfterSeconds whole seconds the client should wait before trying again; {@code >= 0}
   * @param reason why the limit refuses
   */
  record Refused(
      LimitType type, LimitWindow window, Instant resetAt, long retryAfterSeconds, Reason reason)
      implements Admission {

    public Refused {
      requireNonNull(type, "type");
      requireNonNull(window, "window");
      requireNonNull(resetAt, "resetAt");
      requireNonNull(reason, "reason");
      if (retryAfterSeconds < 0) {
        throw new IllegalArgumentException(
            "retryAfterSeconds: " + retryAfterSeconds + " (expected: >= 0)");
      }
    }

    /** A refusal because the limit is used up ({@link Reason#USED_UP}). */
    public Refused(LimitType type, LimitWindow window, Instant resetAt, long retryAfterSeconds) {
      this(type, window, resetAt, retryAfterSeconds, Reason.USED_UP);
    }

    /** The message for the client, worded as the troubleshooting guide shows it. */
    public String message() {
      String limit = "API key " + type.wireName() + " " + window.wireName() + " limit";
      return switch (reason) {
        case USED_UP -> limit + " exceeded";
        case BUSY -> limit + " is nearly used up and another request on it is in flight";
      };
    }

    /** Why a limit refuses a request. */
    public enum Reason {
      /** {@code current_value >= max_value}. */
      USED_UP,
      /** Near the limit, one request at a time is admitted, and one is in flight. */
      BUSY
    }
  }
}
