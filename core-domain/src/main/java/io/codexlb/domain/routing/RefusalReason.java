package io.codexlb.domain.routing;

/**
 * Why a pick found no account. Accounts that already failed for this request count towards {@link
 * #NONE_AVAILABLE} only; the other reasons mean every account is in that one condition.
 */
public enum RefusalReason {
  /** The pool has no accounts at all. */
  NO_ACCOUNTS,
  /** Every account is paused. */
  ALL_PAUSED,
  /** Every account is deactivated or needs a new login; someone must act. */
  ALL_DEACTIVATED,
  /** Every account is rate limited or out of quota; the refusal carries the earliest reset. */
  ALL_LIMITED,
  /**
   * Anything else: a mix of the above, accounts backing off after errors, accounts at their
   * concurrency cap, or accounts that already failed for this request.
   */
  NONE_AVAILABLE
}
