package io.codexlb.domain.account;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Something that happened to an account upstream, which {@link Account#on(AccountEvent, Instant)}
 * turns into its next state. Admin actions are not events: they can be refused, see {@link
 * Account#pause()} and {@link Account#reactivate()}.
 */
public sealed interface AccountEvent {

  /**
   * Upstream reported the account's usage (usage endpoint, or rate-limit headers or events on a
   * response).
   *
   * @param snapshot what it reported
   */
  record UsageObserved(UsageSnapshot snapshot) implements AccountEvent {
    public UsageObserved {
      requireNonNull(snapshot, "snapshot");
    }
  }

  /**
   * Upstream refused a request with a rate limit ({@code rate_limit_exceeded}, {@code
   * usage_limit_reached}). When it says when the limit resets, that wins; else its "try again in"
   * hint; else {@link Account#DEFAULT_RATE_LIMIT_COOLDOWN}.
   *
   * @param resetAt the reset time upstream gave, if any
   * @param retryAfter upstream's "try again in" hint, if any; not negative
   */
  record RateLimitHit(Optional<Instant> resetAt, Optional<Duration> retryAfter)
      implements AccountEvent {
    public RateLimitHit {
      requireNonNull(resetAt, "resetAt");
      requireNonNull(retryAfter, "retryAfter");
      retryAfter.ifPresent(
          d -> {
            if (d.isNegative()) {
              throw new IllegalArgumentException("retryAfter: " + d + " (expected: >= 0)");
            }
          });
    }

    /** A rate limit that resets at a known time. */
    public static RateLimitHit resettingAt(Instant resetAt) {
      return new RateLimitHit(Optional.of(requireNonNull(resetAt, "resetAt")), Optional.empty());
    }

    /** A rate limit with only a "try again in" hint. */
    public static RateLimitHit retryAfter(Duration retryAfter) {
      return new RateLimitHit(
          Optional.empty(), Optional.of(requireNonNull(retryAfter, "retryAfter")));
    }

    /** A rate limit that says nothing about when it ends. */
    public static RateLimitHit withoutResetInfo() {
      return new RateLimitHit(Optional.empty(), Optional.empty());
    }
  }

  /**
   * Upstream refused a request because the plan's quota is used up ({@code insufficient_quota},
   * {@code usage_not_included}, {@code quota_exceeded}).
   *
   * @param resetAt when the quota resets, if upstream said; else {@link
   *     Account#DEFAULT_QUOTA_COOLDOWN} from now
   */
  record QuotaExhausted(Optional<Instant> resetAt) implements AccountEvent {
    public QuotaExhausted {
      requireNonNull(resetAt, "resetAt");
    }
  }

  /** A request failed in a way worth retrying elsewhere: 5xx, overloaded, stream cut short. */
  record TransientErrorOccurred() implements AccountEvent {}

  /** A request went through: the run of transient errors is over. */
  record RequestSucceeded() implements AccountEvent {}

  /** The account's tokens were refreshed: its credentials demonstrably work. */
  record TokenRefreshSucceeded() implements AccountEvent {}

  /** A token refresh failed for now (network, 5xx); it counts as a transient error. */
  record TokenRefreshFailedTransiently() implements AccountEvent {}

  /**
   * A token refresh failed for good.
   *
   * @param failure whether a new login fixes it, and why it failed
   */
  record TokenRefreshFailedPermanently(PermanentAuthFailure failure) implements AccountEvent {
    public TokenRefreshFailedPermanently {
      requireNonNull(failure, "failure");
    }
  }

  /** A person logged in to the account again (OAuth or an imported {@code auth.json}). */
  record LoggedInAgain() implements AccountEvent {}
}
