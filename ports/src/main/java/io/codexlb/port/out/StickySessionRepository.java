package io.codexlb.port.out;

import io.codexlb.domain.account.AccountId;
import io.codexlb.domain.sticky.StickyKey;
import io.codexlb.domain.sticky.StickyPin;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * Sticky-session pins with their expiry, so conversations keep their account across a restart and
 * across instances. Written behind the in-memory {@link io.codexlb.domain.sticky.StickySessions},
 * never read per request.
 *
 * <p>Contract: one pin per key; {@link #put} replaces the key's pin. A pin whose {@code expiresAt}
 * is not after {@code now} is never returned as live. Deleting an account deletes its pins.
 */
public interface StickySessionRepository {

  /** Adds or replaces the key's pin. */
  CompletionStage<Void> put(StickyPin pin);

  /** The pins live at {@code now}, ordered by key. */
  CompletionStage<List<StickyPin>> findLive(Instant now);

  /** Removes the key's pin; returns whether there was one. */
  CompletionStage<Boolean> delete(StickyKey key);

  /** Removes every pin to this account; returns how many. */
  CompletionStage<Integer> deleteForAccount(AccountId account);

  /** Removes the pins expired at {@code now}; returns how many. */
  CompletionStage<Integer> deleteExpired(Instant now);
}
