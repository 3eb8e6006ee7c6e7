package io.codexlb.domain.account;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;

/**
 * Where an account stands, one type per {@link AccountStatus}, each carrying only what that status
 * needs: a reset time for the two limits that end by themselves, its cause for the one that needs a
 * person. The transitions between them are {@link Account}'s.
 */
public sealed interface AccountState {

  /** The status this state is stored and shown as. */
  AccountStatus status();

  /** When this state ends by itself; empty for states that never do (and for active). */
  default Optional<Instant> resetAt() {
    return Optional.empty();
  }

  /** Eligible for routing. */
  static AccountState active() {
    return Active.INSTANCE;
  }

  /** Taken out of the pool by an admin. */
  static AccountState paused() {
    return Paused.INSTANCE;
  }

  /** Active: routing may pick the account (unless it is backing off after transient errors). */
  enum Active implements AccountState {
    INSTANCE;

    @Override
    public AccountStatus status() {
      return AccountStatus.ACTIVE;
    }
  }

  /**
   * Rate limited by upstream until {@code until}; active again from that instant on.
   *
   * @param until the first instant the account is active again
   */
  record RateLimited(Instant until) implements AccountState {
    public RateLimited {
      requireNonNull(until, "until");
    }

    @Override
    public AccountStatus status() {
      return AccountStatus.RATE_LIMITED;
    }

    @Override
    public Optional<Instant> resetAt() {
      return Optional.of(until);
    }
  }

  /**
   * Out of quota until {@code until}; active again from that instant on.
   *
   * @param until the first instant the account is active again
   */
  record QuotaExceeded(Instant until) implements AccountState {
    public QuotaExceeded {
      requireNonNull(until, "until");
    }

    @Override
    public AccountStatus status() {
      return AccountStatus.QUOTA_EXCEEDED;
    }

    @Override
    public Optional<Instant> resetAt() {
      return Optional.of(until);
    }
  }

  /** Paused by an admin; only reactivating it brings it back. */
  enum Paused implements AccountState {
    INSTANCE;

    @Override
    public AccountStatus status() {
      return AccountStatus.PAUSED;
    }
  }

  /**
   * Out of the pool for good with the tokens it has: the login died (a new login fixes it) or
   * upstream deactivated, suspended or deleted the account. The guide's one status for both; the
   * cause says which.
   *
   * @param cause why, with upstream's code and whether a new login fixes it
   */
  record Deactivated(PermanentAuthFailure cause) implements AccountState {
    public Deactivated {
      requireNonNull(cause, "cause");
    }

    /** Why, for people, e.g. "Account has been suspended". */
    public String reason() {
      return cause.reason();
    }

    /** Whether logging in to the account again brings it back. */
    public boolean reloginFixes() {
      return cause.reloginFixes();
    }

    @Override
    public AccountStatus status() {
      return AccountStatus.DEACTIVATED;
    }
  }
}
