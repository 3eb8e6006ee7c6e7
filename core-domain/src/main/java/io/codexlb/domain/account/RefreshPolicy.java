package io.codexlb.domain.account;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * When an account's tokens are refreshed before they are used: once the access token is older than
 * {@code maxAge} (upstream's {@code CODEX_LB_TOKEN_REFRESH_INTERVAL_DAYS}, 8 days by default), or
 * when it expires within {@code expiryMargin} (its {@code exp} claim). Pure: the caller passes the
 * time.
 *
 * @param maxAge how old tokens may get; positive
 * @param expiryMargin how long before its expiry an access token is replaced; not negative
 */
public record RefreshPolicy(Duration maxAge, Duration expiryMargin) {

  /** The default age: 8 days, as upstream codex-lb. */
  public static final Duration DEFAULT_MAX_AGE = Duration.ofDays(8);

  /**
   * The default margin before expiry: 5 minutes, longer than a long streamed response and than a
   * token refresh takes even when it has to wait for another instance's claim to expire (30 s).
   */
  public static final Duration DEFAULT_EXPIRY_MARGIN = Duration.ofMinutes(5);

  public RefreshPolicy {
    requireNonNull(maxAge, "maxAge");
    requireNonNull(expiryMargin, "expiryMargin");
    if (maxAge.isNegative() || maxAge.isZero()) {
      throw new IllegalArgumentException("maxAge: " + maxAge + " (expected: > 0)");
    }
    if (expiryMargin.isNegative()) {
      throw new IllegalArgumentException("expiryMargin: " + expiryMargin + " (expected: >= 0)");
    }
  }

  /** The defaults: 8 days, 5 minutes. */
  public static RefreshPolicy defaults() {
    return new RefreshPolicy(DEFAULT_MAX_AGE, DEFAULT_EXPIRY_MARGIN);
  }

  /** This policy with another maximum age. */
  public RefreshPolicy withMaxAge(Duration maxAge) {
    return new RefreshPolicy(maxAge, expiryMargin);
  }

  /**
   * When tokens obtained at {@code lastRefresh}, with an access token that expires at {@code
   * expiresAt} (if it says), are due for a refresh: the earlier of the age limit and the expiry
   * margin.
   */
  public Instant dueAt(Instant lastRefresh, Optional<Instant> expiresAt) {
    requireNonNull(lastRefresh, "lastRefresh");
    requireNonNull(expiresAt, "expiresAt");
    Instant byAge = lastRefresh.plus(maxAge);
    return expiresAt
        .map(expiry -> expiry.minus(expiryMargin))
        .filter(byExpiry -> byExpiry.isBefore(byAge))
        .orElse(byAge);
  }

  /** Whether such tokens should be refreshed before they are used at {@code now}. */
  public boolean due(Instant lastRefresh, Optional<Instant> expiresAt, Instant now) {
    requireNonNull(now, "now");
    return !now.isBefore(dueAt(lastRefresh, expiresAt));
  }
}
