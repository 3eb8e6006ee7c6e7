package io.codexlb.domain.account;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;

/**
 * Whether routing may pick an account at a given instant and, when it may not, why and until when.
 * See {@link Account#availability(Instant)}.
 */
public sealed interface Availability {

  /** Whether routing may pick the account. */
  boolean isAvailable();

  /** Routing may pick the account. */
  enum Available implements Availability {
    INSTANCE;

    @Override
    public boolean isAvailable() {
      return true;
    }
  }

  /**
   * Routing may not pick the account.
   *
   * @param reason why not
   * @param until the first instant it is available again if nothing else happens; present exactly
   *     when the reason {@linkplain UnavailableReason#endsByItself() ends by itself}
   */
  record Unavailable(UnavailableReason reason, Optional<Instant> until) implements Availability {
    public Unavailable {
      requireNonNull(reason, "reason");
      requireNonNull(until, "until");
      if (reason.endsByItself() == until.isEmpty()) {
        throw new IllegalArgumentException(
            "until: "
                + until
                + " (expected: present exactly when "
                + reason
                + " ends by itself: "
                + reason.endsByItself()
                + ")");
      }
    }

    @Override
    public boolean isAvailable() {
      return false;
    }
  }
}
