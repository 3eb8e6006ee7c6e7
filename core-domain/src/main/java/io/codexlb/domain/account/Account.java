package io.codexlb.domain.account;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * A pooled ChatGPT account: what routing needs to know about it and how that changes. Immutable:
 * {@link #on(AccountEvent, Instant)}, {@link #pause()} and {@link #reactivate()} return the next
 * account, and the time-based recovery of {@link #effectiveState(Instant)} and {@link
 * #availability(Instant)} is computed, never stored, so reading an account changes nothing.
 *
 * <p>The rules, after upstream codex-lb and the troubleshooting guide:
 *
 * <ul>
 *   <li>{@code rate_limited} and {@code quota_exceeded} end by themselves: from their reset instant
 *       on ({@code now >= resetAt}) the account is active. {@code paused} and {@code deactivated}
 *       never end by themselves, and nothing upstream reports (usage, rate limits, errors) moves an
 *       account out of them; only an admin or a new login does.
 *   <li>A usage report with the weekly window at 100% or more and no usable credits means {@code
 *       quota_exceeded} until that window resets; failing that, a 5-hour window at 100% or more
 *       means {@code rate_limited} until it resets. This is upstream's rule: its usage poll is how
 *       most limits are noticed before a request is refused. A newer report replaces the limit an
 *       earlier report set: when it shows room the account is active at once, even before the reset
 *       the earlier report announced (upstream resets windows early; the original's users saw
 *       accounts stuck until the announced time). A refusal's deadline (a 429 or an out-of-quota
 *       answer to a request) is not a report's and is honoured until it passes. Usable credits end
 *       {@code quota_exceeded}, since they pay for usage beyond the quota.
 *   <li>When a limit meets another (a new refusal, a new report), the later deadline wins, so a
 *       stale or optimistic signal never lets an account back in before a deadline already known.
 *   <li>A rate limit without reset information lasts {@link #DEFAULT_RATE_LIMIT_COOLDOWN} (30 s),
 *       upstream's floor: short, because the next usage poll (every minute upstream) replaces it
 *       with the real reset time if the window is truly used up, while a long guess would idle an
 *       account that may be fine. An out-of-quota refusal without a reset time lasts {@link
 *       #DEFAULT_QUOTA_COOLDOWN} (1 hour), as upstream.
 *   <li>Transient errors add to an {@link ErrorStreak}, whose backoff keeps an active account out
 *       of routing for a while; a success ends the streak. Rate limits are not transient errors:
 *       they have their own deadline.
 * </ul>
 *
 * @param id the account's identity
 * @param label its email or alias, for people; may be empty
 * @param plan its ChatGPT plan
 * @param state where it stands, as stored (limits may have ended since; see {@link
 *     #effectiveState(Instant)})
 * @param usage what upstream last said about its usage, if anything
 * @param errors its current run of transient errors
 */
public record Account(
    AccountId id,
    Optional<String> label,
    PlanType plan,
    AccountState state,
    Optional<UsageSnapshot> usage,
    ErrorStreak errors) {

  /** How long a rate limit lasts when upstream gives neither a reset time nor a retry hint. */
  public static final Duration DEFAULT_RATE_LIMIT_COOLDOWN = Duration.ofSeconds(30);

  /** How long an out-of-quota refusal lasts when upstream gives no reset time. */
  public static final Duration DEFAULT_QUOTA_COOLDOWN = Duration.ofHours(1);

  public Account {
    requireNonNull(id, "id");
    requireNonNull(label, "label");
    requireNonNull(plan, "plan");
    requireNonNull(state, "state");
    requireNonNull(usage, "usage");
    requireNonNull(errors, "errors");
  }

  /** A newly added account: active, no label, no usage known, no errors. */
  public static Account of(AccountId id, PlanType plan) {
    return new Account(
        id, Optional.empty(), plan, AccountState.active(), Optional.empty(), ErrorStreak.NONE);
  }

  /** This account with the given email or alias. */
  public Account withLabel(String label) {
    return new Account(id, Optional.of(requireNonNull(label, "label")), plan, state, usage, errors);
  }

  /** This account on another plan (its login said so). */
  public Account withPlan(PlanType plan) {
    return new Account(id, label, plan, state, usage, errors);
  }

  Account withState(AccountState state) {
    return new Account(id, label, plan, state, usage, errors);
  }

  Account withUsage(UsageSnapshot usage) {
    return new Account(id, label, plan, state, Optional.of(usage), errors);
  }

  Account withErrors(ErrorStreak errors) {
    return new Account(id, label, plan, state, usage, errors);
  }

  /**
   * The account after {@code event} happened at {@code now}. A limit whose reset has passed by
   * {@code now} is over before the event applies.
   */
  public Account on(AccountEvent event, Instant now) {
    requireNonNull(event, "event");
    requireNonNull(now, "now");
    return AccountTransitions.apply(recoveredAt(now), event, now).recoveredAt(now);
  }

  /** Pauses the account; refused when it is deactivated. */
  public AdminTransition pause() {
    if (state instanceof AccountState.Deactivated) {
      return new AdminTransition.Refused(
          state.status(),
          "a "
              + state.status()
              + " account is already out of the pool and cannot be paused; "
              + "log in again or remove it");
    }
    return new AdminTransition.Applied(withState(AccountState.paused()));
  }

  /**
   * Makes the account active, ending any pause, limit, deactivation and error backoff (the admin
   * vouches for it; upstream refuses it again if it must). Refused when its login died ({@link
   * PermanentAuthFailure#reloginFixes()}): only logging in again gives it working tokens.
   */
  public AdminTransition reactivate() {
    if (state instanceof AccountState.Deactivated deactivated && deactivated.reloginFixes()) {
      return new AdminTransition.Refused(
          state.status(),
          "a deactivated account whose login died ("
              + deactivated.cause().code()
              + ") cannot be reactivated directly; log in to it again");
    }
    return new AdminTransition.Applied(
        withState(AccountState.active()).withErrors(ErrorStreak.NONE));
  }

  /** The state at {@code now}: the stored one, or active once its reset time has come. */
  public AccountState effectiveState(Instant now) {
    requireNonNull(now, "now");
    Optional<Instant> resetAt = state.resetAt();
    if (resetAt.isPresent() && !now.isBefore(resetAt.get())) {
      return AccountState.active();
    }
    return state;
  }

  /** The status at {@code now}, with time-based recovery applied. */
  public AccountStatus effectiveStatus(Instant now) {
    return effectiveState(now).status();
  }

  /** Whether routing may pick the account at {@code now}. */
  public boolean isAvailable(Instant now) {
    return availability(now).isAvailable();
  }

  /**
   * Whether routing may pick the account at {@code now}, and if not why and until when. When an
   * account is both limited and backing off, the reason is the limit and {@code until} the later of
   * the two ends.
   */
  public Availability availability(Instant now) {
    AccountState current = effectiveState(now);
    Optional<Instant> backoffUntil = errors.backoffUntil().filter(now::isBefore);
    if (current instanceof AccountState.Paused) {
      return new Availability.Unavailable(UnavailableReason.PAUSED, Optional.empty());
    }
    if (current instanceof AccountState.Deactivated) {
      return new Availability.Unavailable(UnavailableReason.DEACTIVATED, Optional.empty());
    }
    if (current instanceof AccountState.RateLimited limited) {
      return limitedUntil(UnavailableReason.RATE_LIMITED, limited.until(), backoffUntil);
    }
    if (current instanceof AccountState.QuotaExceeded exceeded) {
      return limitedUntil(UnavailableReason.QUOTA_EXCEEDED, exceeded.until(), backoffUntil);
    }
    if (backoffUntil.isPresent()) {
      return new Availability.Unavailable(UnavailableReason.ERROR_BACKOFF, backoffUntil);
    }
    return Availability.Available.INSTANCE;
  }

  /** The account as routing sees it at {@code now}. */
  public AccountView view(Instant now) {
    requireNonNull(now, "now");
    return new AccountView(
        id,
        plan,
        effectiveStatus(now),
        availability(now),
        usage.flatMap(UsageSnapshot::primary).map(w -> w.asOf(now)),
        usage.flatMap(UsageSnapshot::secondary).map(w -> w.asOf(now)),
        errors.consecutiveErrors());
  }

  /** This account with a limit whose reset has passed by {@code now} stored as over. */
  Account recoveredAt(Instant now) {
    AccountState current = effectiveState(now);
    return current == state ? this : withState(current);
  }

  private static Availability limitedUntil(
      UnavailableReason reason, Instant resetAt, Optional<Instant> backoffUntil) {
    Instant until = backoffUntil.filter(resetAt::isBefore).orElse(resetAt);
    return new Availability.Unavailable(reason, Optional.of(until));
  }
}
