package io.codexlb.domain.account;

/** Why routing may not pick an account right now. */
public enum UnavailableReason {
  /** Rate limited upstream; ends at a known time. */
  RATE_LIMITED(true),
  /** Out of quota; ends at a known time. */
  QUOTA_EXCEEDED(true),
  /** Sitting out a backoff after consecutive transient errors; ends at a known time. */
  ERROR_BACKOFF(true),
  /** Paused by an admin; ends only when reactivated. */
  PAUSED(false),
  /** Deactivated (login died or account gone upstream); ends only by a new login or an admin. */
  DEACTIVATED(false);

  private final boolean endsByItself;

  UnavailableReason(boolean endsByItself) {
    this.endsByItself = endsByItself;
  }

  /** Whether the account becomes available again by time alone, at a known instant. */
  public boolean endsByItself() {
    return endsByItself;
  }
}
