package io.codexlb.domain.sticky;

import static java.util.Objects.requireNonNull;

import io.codexlb.domain.account.AccountId;
import java.util.Optional;

/**
 * What to do with a request's sticky key: stay on the pinned account, or pick an account and pin
 * the key to it.
 */
public sealed interface StickyDecision {

  /**
   * Route to the pinned account; its pin has been refreshed.
   *
   * @param account the pinned, eligible account
   */
  record UsePinned(AccountId account) implements StickyDecision {
    public UsePinned {
      requireNonNull(account, "account");
    }
  }

  /**
   * Pick an account with the routing strategy, then {@link StickySessions#pin pin} the key to it,
   * which moves any existing pin.
   *
   * @param unavailable the pinned account that cannot serve now, to leave out of the pick; empty
   *     when there was no live pin or stickiness is off
   */
  record PickAndPin(Optional<AccountId> unavailable) implements StickyDecision {
    public PickAndPin {
      requireNonNull(unavailable, "unavailable");
    }
  }
}
