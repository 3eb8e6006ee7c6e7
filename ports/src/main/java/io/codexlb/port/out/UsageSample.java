package io.codexlb.port.out;

import static java.util.Objects.requireNonNull;

import io.codexlb.domain.account.AccountId;
import java.time.Duration;
import java.time.Instant;

/**
 * One reading of an account's quota window, for usage charts.
 *
 * @param accountId the account
 * @param recordedAt when upstream reported it
 * @param window which window
 * @param usedPercent how much of it was used, 0 or more
 * @param resetsAt when the window resets
 * @param length the window's length
 */
public record UsageSample(
    AccountId accountId,
    Instant recordedAt,
    QuotaWindow window,
    double usedPercent,
    Instant resetsAt,
    Duration length) {

  /** An account's quota windows. */
  public enum QuotaWindow {
    /** The 5-hour window. */
    PRIMARY,
    /** The weekly window. */
    SECONDARY
  }

  public UsageSample {
    requireNonNull(accountId, "accountId");
    requireNonNull(recordedAt, "recordedAt");
    requireNonNull(window, "window");
    requireNonNull(resetsAt, "resetsAt");
    requireNonNull(length, "length");
    if (!(usedPercent >= 0)) {
      throw new IllegalArgumentException("usedPercent: " + usedPercent + " (expected: >= 0)");
    }
  }
}
