package io.codexlb.port.in;

import static java.util.Objects.requireNonNull;

import io.codexlb.domain.account.AccountId;
import io.codexlb.domain.account.Credits;
import io.codexlb.domain.account.UsageWindow;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The outcome of an {@link AccountUsageHistoryUseCase} read. */
public sealed interface UsageHistoryResult {

  /**
   * The account's polls in the range, oldest first.
   *
   * @param account the account
   * @param polls the polls, oldest first
   * @param truncated whether the answer is full (as many polls as one carries, the oldest kept), so
   *     the range may hold later ones: a range starting after the last one reads them
   */
  record Found(AccountId account, List<Poll> polls, boolean truncated)
      implements UsageHistoryResult {
    public Found {
      requireNonNull(account, "account");
      polls = List.copyOf(polls);
    }
  }

  /**
   * No account has this id.
   *
   * @param account the id asked for
   */
  record NotFound(AccountId account) implements UsageHistoryResult {
    public NotFound {
      requireNonNull(account, "account");
    }
  }

  /**
   * One poll of the account's usage, as stored.
   *
   * @param polledAt when the poll was answered
   * @param planType the plan upstream named, as sent, if it did
   * @param primary the 5-hour window, if reported
   * @param secondary the weekly window, if reported
   * @param credits the account's credits
   */
  record Poll(
      Instant polledAt,
      Optional<String> planType,
      Optional<UsageWindow> primary,
      Optional<UsageWindow> secondary,
      Credits credits) {
    public Poll {
      requireNonNull(polledAt, "polledAt");
      requireNonNull(planType, "planType");
      requireNonNull(primary, "primary");
      requireNonNull(secondary, "secondary");
      requireNonNull(credits, "credits");
    }
  }
}
