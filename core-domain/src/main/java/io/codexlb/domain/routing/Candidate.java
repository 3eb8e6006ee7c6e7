package io.codexlb.domain.routing;

import static java.util.Objects.requireNonNull;

import io.codexlb.domain.account.AccountView;

/**
 * One account as a pick sees it: its view at the pick's instant and how many of its requests are in
 * flight on this replica.
 *
 * @param view the account as of the pick's {@code now}, from {@link
 *     io.codexlb.domain.account.Account#view(java.time.Instant)}
 * @param inFlight requests currently in flight on the account; {@code >= 0}
 */
public record Candidate(AccountView view, int inFlight) {

  public Candidate {
    requireNonNull(view, "view");
    if (inFlight < 0) {
      throw new IllegalArgumentException("inFlight: " + inFlight + " (expected: >= 0)");
    }
  }

  /** A candidate with nothing in flight. */
  public static Candidate idle(AccountView view) {
    return new Candidate(view, 0);
  }
}
