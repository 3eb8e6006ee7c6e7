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
   * At least one account that could serve the request is at its concurrency cap ({@code
   * account_stream_limit}): a slot frees up when one of its requests ends, so the request may wait
   * for it. Wins over every other reason, since it is the one that ends soonest; the refusal
   * carries the earliest reset of the others when one is known.
   */
  ALL_BUSY,
  /**
   * Anything else: a mix of the above, accounts backing off after errors, or accounts that already
   * failed for this request.
   */
  NONE_AVAILABLE
}
