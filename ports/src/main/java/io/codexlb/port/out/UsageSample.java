package io.codexlb.port.out;

import static java.util.Objects.requireNonNull;

import io.codexlb.domain.account.AccountId;
import io.codexlb.domain.account.Credits;
import io.codexlb.domain.account.UsageSnapshot;
import io.codexlb.domain.account.UsageWindow;
import java.time.Instant;
import java.util.Optional;

/**
 * One poll of an account's usage as the usage history keeps it: what the dashboard charts.
 *
 * @param accountId the account polled
 * @param recordedAt when the poll was answered; kept to the millisecond
 * @param planType the plan upstream named, as sent, if it did
 * @param primary the 5-hour window, if reported
 * @param secondary the weekly window, if reported
 * @param credits the account's credits
 */
public record UsageSample(
    AccountId accountId,
    Instant recordedAt,
    Optional<String> planType,
    Optional<UsageWindow> primary,
    Optional<UsageWindow> secondary,
    Credits credits) {

  public UsageSample {
    requireNonNull(accountId, "accountId");
    requireNonNull(recordedAt, "recordedAt");
    requireNonNull(planType, "planType");
    requireNonNull(primary, "primary");
    requireNonNull(secondary, "secondary");
    requireNonNull(credits, "credits");
    recordedAt = Instant.ofEpochMilli(recordedAt.toEpochMilli());
  }

  /** The sample of a poll answered at {@code at} with {@code snapshot}. */
  public static UsageSample of(
      AccountId accountId, Instant at, UsageSnapshot snapshot, Optional<String> planType) {
    requireNonNull(snapshot, "snapshot");
    return new UsageSample(
        accountId, at, planType, snapshot.primary(), snapshot.secondary(), snapshot.credits());
  }
}
