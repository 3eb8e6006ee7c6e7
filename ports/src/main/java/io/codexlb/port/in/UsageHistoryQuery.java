package io.codexlb.port.in;

import static java.util.Objects.requireNonNull;

import io.codexlb.domain.account.AccountId;
import java.time.Duration;
import java.time.Instant;

/**
 * Which polls of one account's usage to read: those answered in {@code [from, to)}.
 *
 * @param account the account
 * @param from the first instant included
 * @param to the first instant excluded; after {@code from}, at most {@link #MAX_SPAN} later
 */
public record UsageHistoryQuery(AccountId account, Instant from, Instant to) {

  /** The longest range one read covers: bounds what a single answer may hold. */
  public static final Duration MAX_SPAN = Duration.ofDays(90);

  /** The range read when none is given: the last week before now. */
  public static final Duration DEFAULT_SPAN = Duration.ofDays(7);

  public UsageHistoryQuery {
    requireNonNull(account, "account");
    requireNonNull(from, "from");
    requireNonNull(to, "to");
    if (!from.isBefore(to)) {
      throw new IllegalArgumentException("from " + from + " is not before to " + to);
    }
    if (Duration.between(from, to).compareTo(MAX_SPAN) > 0) {
      throw new IllegalArgumentException("from " + from + " to " + to + " exceeds " + MAX_SPAN);
    }
  }
}
