package io.codexlb.port.out;

import static java.util.Objects.requireNonNull;

import io.codexlb.domain.account.Account;
import io.codexlb.domain.account.AccountId;
import io.codexlb.domain.account.AccountState;
import io.codexlb.domain.account.AccountStatus;
import io.codexlb.domain.account.Credits;
import io.codexlb.domain.account.ErrorStreak;
import io.codexlb.domain.account.PermanentAuthFailure;
import io.codexlb.domain.account.PlanType;
import io.codexlb.domain.account.UsageSnapshot;
import io.codexlb.domain.account.UsageWindow;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A domain {@link Account} flattened into the columns a relational store keeps, so that every SQL
 * adapter maps it the same way and none repeats the state machine's shapes. Fields that do not
 * apply are {@code null}: this is a row, not a domain value.
 *
 * @param id the account id
 * @param label its label, or null
 * @param plan the plan's wire name
 * @param status the status's wire name
 * @param statusUntil the reset of {@code rate_limited} or {@code quota_exceeded}, else null
 * @param statusReason the reason of {@code deactivated}, for people, else null
 * @param usageReported whether upstream reported usage at all
 * @param primary the 5-hour window, or null
 * @param secondary the weekly window, or null
 * @param creditsHas the credits' {@code has_credits}
 * @param creditsUnlimited the credits' {@code unlimited}
 * @param creditsBalance the credits' balance
 * @param errorCount consecutive transient errors
 * @param lastErrorAt the last of them, or null
 * @param statusCode the code of {@code deactivated} ({@link PermanentAuthFailure#code()}), else
 *     null; null in rows written before it was stored, whose code {@link
 *     PermanentAuthFailure#fromStoredReason} finds from the reason
 * @param reloginFixes whether a new login ends {@code deactivated}, else null; null in old rows,
 *     read as false
 */
public record AccountRow(
    String id,
    @Nullable String label,
    String plan,
    String status,
    @Nullable Instant statusUntil,
    @Nullable String statusReason,
    boolean usageReported,
    @Nullable Window primary,
    @Nullable Window secondary,
    boolean creditsHas,
    boolean creditsUnlimited,
    double creditsBalance,
    int errorCount,
    @Nullable Instant lastErrorAt,
    @Nullable String statusCode,
    @Nullable Boolean reloginFixes) {

  /**
   * One usage window's columns.
   *
   * @param usedPercent used percent
   * @param resetsAt when it resets
   * @param lengthSeconds its length in seconds
   */
  public record Window(double usedPercent, Instant resetsAt, long lengthSeconds) {

    static Window of(UsageWindow window) {
      return new Window(window.usedPercent(), window.resetsAt(), window.length().toSeconds());
    }

    UsageWindow toDomain() {
      return new UsageWindow(usedPercent, resetsAt, Duration.ofSeconds(lengthSeconds));
    }
  }

  /** The row of an account. */
  public static AccountRow of(Account account) {
    requireNonNull(account, "account");
    AccountState state = account.state();
    @Nullable PermanentAuthFailure cause =
        state instanceof AccountState.Deactivated deactivated ? deactivated.cause() : null;
    Optional<UsageSnapshot> usage = account.usage();
    Credits credits = usage.map(UsageSnapshot::credits).orElse(Credits.NONE);
    return new AccountRow(
        account.id().value(),
        account.label().orElse(null),
        account.plan().wireName(),
        state.status().wireName(),
        state.resetAt().orElse(null),
        cause == null ? null : cause.reason(),
        usage.isPresent(),
        usage.flatMap(UsageSnapshot::primary).map(Window::of).orElse(null),
        usage.flatMap(UsageSnapshot::secondary).map(Window::of).orElse(null),
        credits.hasCredits(),
        credits.unlimited(),
        credits.balance(),
        account.errors().consecutiveErrors(),
        account.errors().lastErrorAt().orElse(null),
        cause == null ? null : cause.code(),
        cause == null ? null : cause.reloginFixes());
  }

  /**
   * The account this row holds.
   *
   * @throws IllegalStateException if the row is not one {@link #of} could have made (a corrupt
   *     store)
   */
  public Account toAccount() {
    PlanType planType = PlanType.fromWireName(plan).orElseThrow(() -> corrupt("plan", plan));
    AccountStatus accountStatus =
        AccountStatus.fromWireName(status).orElseThrow(() -> corrupt("status", status));
    Optional<UsageSnapshot> usage =
        usageReported
            ? Optional.of(
                new UsageSnapshot(
                    Optional.ofNullable(primary).map(Window::toDomain),
                    Optional.ofNullable(secondary).map(Window::toDomain),
                    new Credits(creditsHas, creditsUnlimited, creditsBalance)))
            : Optional.empty();
    return new Account(
        new AccountId(id),
        Optional.ofNullable(label),
        planType,
        stateOf(accountStatus),
        usage,
        new ErrorStreak(errorCount, Optional.ofNullable(lastErrorAt)));
  }

  private AccountState stateOf(AccountStatus accountStatus) {
    return switch (accountStatus) {
      case ACTIVE -> AccountState.active();
      case PAUSED -> AccountState.paused();
      case RATE_LIMITED -> new AccountState.RateLimited(required(statusUntil, "statusUntil"));
      case QUOTA_EXCEEDED -> new AccountState.QuotaExceeded(required(statusUntil, "statusUntil"));
      case DEACTIVATED -> new AccountState.Deactivated(cause());
    };
  }

  private PermanentAuthFailure cause() {
    String reason = required(statusReason, "statusReason");
    boolean fixes = Boolean.TRUE.equals(reloginFixes);
    return statusCode == null
        ? PermanentAuthFailure.fromStoredReason(reason, fixes)
        : new PermanentAuthFailure(statusCode, reason, fixes);
  }

  private <T> T required(@Nullable T value, String column) {
    if (value == null) {
      throw corrupt(column, null);
    }
    return value;
  }

  private IllegalStateException corrupt(String column, @Nullable Object value) {
    return new IllegalStateException(
        "account " + id + ": column " + column + " is " + value + " (expected: a stored value)");
  }
}
