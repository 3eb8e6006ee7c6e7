package io.codexlb.domain.sticky;

import static java.util.Objects.requireNonNull;

import io.codexlb.domain.account.AccountId;
import java.time.Instant;

/**
 * One live pin, as listed for the dashboard or saved to the store.
 *
 * @param key the conversation's key
 * @param account the account it is pinned to
 * @param expiresAt the first instant at which the pin no longer holds, unless used before
 */
public record StickyPin(StickyKey key, AccountId account, Instant expiresAt) {

  public StickyPin {
    requireNonNull(key, "key");
    requireNonNull(account, "account");
    requireNonNull(expiresAt, "expiresAt");
  }

  /** Whether the pin still holds at {@code now}: its expiry instant itself is already too late. */
  public boolean liveAt(Instant now) {
    return now.isBefore(expiresAt);
  }
}
