package io.codexlb.port.in;

import static java.util.Objects.requireNonNull;

import io.codexlb.domain.account.AccountId;
import io.codexlb.domain.account.AccountStatus;
import io.codexlb.domain.account.PermanentAuthFailure;
import io.codexlb.domain.account.PlanType;
import io.codexlb.domain.account.UsageWindow;
import io.codexlb.domain.routing.Eligibility;
import java.time.Instant;
import java.util.Optional;

/**
 * One account as the admin API shows it: never its tokens.
 *
 * @param id its id
 * @param email its email, if its id_token has one
 * @param plan its plan
 * @param status its status now (a limit whose reset has passed is over)
 * @param deactivation why it is {@code deactivated}, if it is: upstream's code, the reason for
 *     people and whether a new login fixes it
 * @param statusUntil when its rate limit or quota refusal ends, if it has one
 * @param primary the short quota window (5 h) as last reported, used percent as of now
 * @param secondary the weekly quota window as last reported, used percent as of now
 * @param consecutiveErrors its current run of transient errors
 * @param lastErrorAt when the last of them happened
 * @param routing whether routing may pick it now and why, with its requests in flight; empty when
 *     this process does not route (the command line)
 */
public record AccountResult(
    AccountId id,
    Optional<String> email,
    PlanType plan,
    AccountStatus status,
    Optional<PermanentAuthFailure> deactivation,
    Optional<Instant> statusUntil,
    Optional<UsageWindow> primary,
    Optional<UsageWindow> secondary,
    int consecutiveErrors,
    Optional<Instant> lastErrorAt,
    Optional<Eligibility> routing) {

  public AccountResult {
    requireNonNull(id, "id");
    requireNonNull(email, "email");
    requireNonNull(plan, "plan");
    requireNonNull(status, "status");
    requireNonNull(deactivation, "deactivation");
    requireNonNull(statusUntil, "statusUntil");
    requireNonNull(primary, "primary");
    requireNonNull(secondary, "secondary");
    requireNonNull(lastErrorAt, "lastErrorAt");
    requireNonNull(routing, "routing");
  }

  /** Why it is deactivated, for people, if it is. */
  public Optional<String> statusReason() {
    return deactivation.map(PermanentAuthFailure::reason);
  }
}
