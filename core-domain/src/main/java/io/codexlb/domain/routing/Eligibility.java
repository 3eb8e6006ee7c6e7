package io.codexlb.domain.routing;

import static java.util.Objects.requireNonNull;

import io.codexlb.domain.account.AccountId;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * One line of a routing explanation: whether an account is eligible right now and why.
 *
 * @param account the account
 * @param eligible whether a pick may choose it now; true exactly when the reason is {@link
 *     EligibilityReason#ELIGIBLE}
 * @param reason why it is or is not eligible
 * @param until when the reason ends by itself (rate limit, quota or backoff reset), if known
 * @param inFlight its requests in flight
 * @param score what the strategy ranks it by when eligible, empty otherwise or when the strategy
 *     has no score: the draw weight for {@code capacity_weighted}, the effective weekly used
 *     percent for {@code usage_weighted}; before any {@code prefer_earlier_reset} narrowing
 */
public record Eligibility(
    AccountId account,
    boolean eligible,
    EligibilityReason reason,
    Optional<Instant> until,
    int inFlight,
    OptionalDouble score) {

  public Eligibility {
    requireNonNull(account, "account");
    requireNonNull(reason, "reason");
    requireNonNull(until, "until");
    requireNonNull(score, "score");
    if (eligible != (reason == EligibilityReason.ELIGIBLE)) {
      throw new IllegalArgumentException(
          "eligible: " + eligible + " (expected: " + (reason == EligibilityReason.ELIGIBLE) + ")");
    }
  }
}
