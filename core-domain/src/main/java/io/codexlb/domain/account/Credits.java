package io.codexlb.domain.account;

/**
 * The account's purchased credits as upstream reports them. Usable credits let an account keep
 * working past its weekly quota, so they stop a full weekly window from meaning {@code
 * quota_exceeded}.
 *
 * @param hasCredits upstream says the account has credits
 * @param unlimited upstream says the credits are unlimited
 * @param balance the credit balance, 0 when not reported; finite and {@code >= 0}
 */
public record Credits(boolean hasCredits, boolean unlimited, double balance) {

  /** No credits at all. */
  public static final Credits NONE = new Credits(false, false, 0);

  public Credits {
    if (!Double.isFinite(balance) || balance < 0) {
      throw new IllegalArgumentException("balance: " + balance + " (expected: finite, >= 0)");
    }
  }

  /** Whether the credits can pay for usage beyond the plan's quota. */
  public boolean usable() {
    return unlimited || hasCredits || balance > 0;
  }
}
