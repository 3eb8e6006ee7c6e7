package io.codexlb.domain.routing;

import static java.util.Objects.requireNonNull;

import io.codexlb.domain.RetryAfter;
import io.codexlb.domain.account.AccountId;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;

/** The outcome of a pick: an account, or a refusal saying why none. */
public sealed interface PickResult {

  /**
   * Route the request to this account.
   *
   * @param account an eligible account
   */
  record Picked(AccountId account) implements PickResult {
    public Picked {
      requireNonNull(account, "account");
    }
  }

  /**
   * No account can serve the request now. The HTTP layer answers {@code no_accounts} (503), with a
   * retry hint when the earliest reset is known.
   *
   * @param reason why
   * @param earliestReset the soonest instant an account that was not excluded becomes available by
   *     itself (a rate limit, quota or error backoff ending), when any will; always present for
   *     {@link RefusalReason#ALL_LIMITED}, possibly for {@link RefusalReason#NONE_AVAILABLE} and
   *     {@link RefusalReason#ALL_BUSY}, never for {@link RefusalReason#NO_ACCOUNTS}, {@link
   *     RefusalReason#ALL_PAUSED} or {@link RefusalReason#ALL_DEACTIVATED}
   */
  record Refused(RefusalReason reason, Optional<Instant> earliestReset) implements PickResult {
    public Refused {
      requireNonNull(reason, "reason");
      requireNonNull(earliestReset, "earliestReset");
      boolean mustHave = reason == RefusalReason.ALL_LIMITED;
      boolean mayHave =
          mustHave || reason == RefusalReason.NONE_AVAILABLE || reason == RefusalReason.ALL_BUSY;
      if ((mustHave && earliestReset.isEmpty()) || (!mayHave && earliestReset.isPresent())) {
        throw new IllegalArgumentException(
            "earliestReset: "
                + earliestReset
                + " (expected: "
                + (mustHave ? "present" : "empty")
                + " for "
                + reason
                + ")");
      }
    }

    /** The {@code Retry-After} of this refusal at {@code now}, when the earliest reset is known. */
    public OptionalLong retryAfterSeconds(Instant now) {
      return earliestReset
          .map(reset -> OptionalLong.of(RetryAfter.seconds(now, reset)))
          .orElse(OptionalLong.empty());
    }
  }
}
