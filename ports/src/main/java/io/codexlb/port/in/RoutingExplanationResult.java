package io.codexlb.port.in;

import static java.util.Objects.requireNonNull;

import io.codexlb.domain.account.AccountId;
import io.codexlb.domain.routing.Eligibility;
import java.util.List;
import java.util.Optional;

/**
 * Where the next request for a model and sticky session would go, and why each account would or
 * would not take it, as routing computes it now; computing it changes nothing.
 *
 * @param decision how the next request would be routed
 * @param account the account it would get: the pinned one when {@link Decision#PINNED}, the only
 *     eligible one when the strategy has a single choice; empty when the strategy draws among
 *     several or when the request would be refused
 * @param pinned the account the session is pinned to, usable or not: the pin in this process's
 *     memory, else the live one in the store (as the proxy would read it on a miss); empty without
 *     a session, with sticky threads off, or with no live pin
 * @param accounts every account's eligibility, in routing order
 */
public record RoutingExplanationResult(
    Decision decision,
    Optional<AccountId> account,
    Optional<AccountId> pinned,
    List<Eligibility> accounts) {

  /** How the next request would be routed. */
  public enum Decision {
    /** To the session's pinned account, which can serve. */
    PINNED,
    /** By the routing strategy among the eligible accounts (a pin, if any, cannot serve). */
    PICK,
    /** Refused: no account is eligible. */
    REFUSED
  }

  public RoutingExplanationResult {
    requireNonNull(decision, "decision");
    requireNonNull(account, "account");
    requireNonNull(pinned, "pinned");
    accounts = List.copyOf(accounts);
  }

  /**
   * The explanation of {@code lines} for a request whose session is pinned to {@code pinned}: the
   * pin wins while its account is eligible, as {@code StickyRouting} decides.
   */
  public static RoutingExplanationResult of(List<Eligibility> lines, Optional<AccountId> pinned) {
    requireNonNull(lines, "lines");
    requireNonNull(pinned, "pinned");
    List<AccountId> eligible =
        lines.stream().filter(Eligibility::eligible).map(Eligibility::account).toList();
    if (pinned.isPresent() && eligible.contains(pinned.get())) {
      return new RoutingExplanationResult(Decision.PINNED, pinned, pinned, lines);
    }
    if (eligible.isEmpty()) {
      return new RoutingExplanationResult(Decision.REFUSED, Optional.empty(), pinned, lines);
    }
    Optional<AccountId> only =
        eligible.size() == 1 ? Optional.of(eligible.get(0)) : Optional.empty();
    return new RoutingExplanationResult(Decision.PICK, only, pinned, lines);
  }
}
