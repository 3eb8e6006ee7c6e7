package io.codexlb.domain.routing;

import static java.util.Objects.requireNonNull;

import io.codexlb.domain.account.AccountView;
import io.codexlb.domain.account.Availability;
import io.codexlb.domain.account.UsageWindow;
import java.util.Objects;

/**
 * One account as a pick sees it: its view at the pick's instant and how many of its requests are in
 * flight on this replica. A value: equal when the view and the count are.
 *
 * <p>Why a class and not a record: a pick reads a handful of numbers from every account, and
 * reaching them through the view's optionals and windows costs several dependent memory loads per
 * account. The constructor copies them into this object once, so the pick's loop touches one object
 * per account.
 */
public final class Candidate {

  /** Marks an unknown weekly reset. */
  static final long NO_RESET = Long.MIN_VALUE;

  private final AccountView view;
  private final int inFlight;
  // Copies of the view's numbers that every pick reads, kept flat for the hot loop.
  final boolean available;
  final double secondaryUsed;
  final double primaryUsed;
  final double secondaryCredits;
  final long secondaryResetEpochSecond;

  /**
   * A candidate.
   *
   * @param view the account as of the pick's {@code now}, from {@link
   *     io.codexlb.domain.account.Account#view(java.time.Instant)}
   * @param inFlight requests currently in flight on the account; {@code >= 0}
   */
  public Candidate(AccountView view, int inFlight) {
    this.view = requireNonNull(view, "view");
    if (inFlight < 0) {
      throw new IllegalArgumentException("inFlight: " + inFlight + " (expected: >= 0)");
    }
    this.inFlight = inFlight;
    this.available = view.availability() == Availability.Available.INSTANCE;
    this.secondaryUsed = view.secondary().map(UsageWindow::usedPercent).orElse(0.0);
    this.primaryUsed = view.primary().map(UsageWindow::usedPercent).orElse(0.0);
    this.secondaryCredits = view.capacity().secondaryCredits();
    this.secondaryResetEpochSecond =
        view.secondary().map(window -> window.resetsAt().getEpochSecond()).orElse(NO_RESET);
  }

  /** A candidate with nothing in flight. */
  public static Candidate idle(AccountView view) {
    return new Candidate(view, 0);
  }

  /** The account as of the pick's instant. */
  public AccountView view() {
    return view;
  }

  /** Its requests in flight. */
  public int inFlight() {
    return inFlight;
  }

  /** The same account with another in-flight count. */
  public Candidate withInFlight(int newInFlight) {
    return new Candidate(view, newInFlight);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Candidate that && inFlight == that.inFlight && view.equals(that.view);
  }

  @Override
  public int hashCode() {
    return Objects.hash(view, inFlight);
  }

  @Override
  public String toString() {
    return "Candidate[view=" + view + ", inFlight=" + inFlight + "]";
  }
}
