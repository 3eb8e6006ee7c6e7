package io.codexlb.domain.routing;

import io.codexlb.domain.account.UnavailableReason;

/**
 * Why an account is or is not eligible for a pick. When several apply, the account's own
 * unavailability wins, then {@link #EXCLUDED_AFTER_FAILURE}, then {@link #CONCURRENCY_CAP}: the
 * first says most about the account, the last is the most fleeting.
 */
public enum EligibilityReason {
  /** Eligible. */
  ELIGIBLE,
  /** Rate limited upstream until a known time. */
  RATE_LIMITED,
  /** Out of quota until a known time. */
  QUOTA_EXCEEDED,
  /** Backing off after consecutive transient errors until a known time. */
  ERROR_BACKOFF,
  /** Paused by an admin. */
  PAUSED,
  /** Deactivated: its login died or upstream closed it. */
  DEACTIVATED,
  /** Already failed for this request, so failover goes elsewhere. */
  EXCLUDED_AFTER_FAILURE,
  /** As many requests in flight as the per-account concurrency cap allows. */
  CONCURRENCY_CAP;

  /** The reason matching an account's own unavailability. */
  static EligibilityReason of(UnavailableReason reason) {
    return switch (reason) {
      case RATE_LIMITED -> RATE_LIMITED;
      case QUOTA_EXCEEDED -> QUOTA_EXCEEDED;
      case ERROR_BACKOFF -> ERROR_BACKOFF;
      case PAUSED -> PAUSED;
      case DEACTIVATED -> DEACTIVATED;
    };
  }
}
