package io.codexlb.domain.account;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * The status of a pooled account as the dashboard, the admin API and the store name it. Each status
 * has a lower snake case wire name ({@code rate_limited}, ...), the names the troubleshooting guide
 * uses.
 *
 * <p>{@link #RATE_LIMITED} and {@link #QUOTA_EXCEEDED} end by themselves at their reset time;
 * {@link #PAUSED} and {@link #DEACTIVATED} end only by an admin action or a new login. These five
 * are the troubleshooting guide's and the only ones users see; an account whose login died is
 * {@code deactivated}, its {@link PermanentAuthFailure} saying why and whether a new login fixes
 * it.
 */
public enum AccountStatus {
  /** Eligible for routing (unless backing off after transient errors). */
  ACTIVE("active"),
  /** Upstream refused with a rate limit; eligible again at the reset time. */
  RATE_LIMITED("rate_limited"),
  /** The plan's usage quota is used up; eligible again at the reset time. */
  QUOTA_EXCEEDED("quota_exceeded"),
  /** Taken out of the pool by an admin; back only when reactivated. */
  PAUSED("paused"),
  /**
   * The login died (refresh token expired, reused, revoked) or upstream deactivated, suspended or
   * deleted the account; back only by a new login (or, for the latter, an admin).
   */
  DEACTIVATED("deactivated");

  private final String wireName;

  AccountStatus(String wireName) {
    this.wireName = wireName;
  }

  /** The lower snake case name used on the wire and in the store, e.g. {@code rate_limited}. */
  public String wireName() {
    return wireName;
  }

  /** The status with this wire name (exact, lower case), or empty when there is none. */
  public static Optional<AccountStatus> fromWireName(String wireName) {
    requireNonNull(wireName, "wireName");
    for (AccountStatus status : values()) {
      if (status.wireName.equals(wireName)) {
        return Optional.of(status);
      }
    }
    return Optional.empty();
  }

  @Override
  public String toString() {
    return wireName;
  }
}
