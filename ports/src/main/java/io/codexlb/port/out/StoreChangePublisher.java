package io.codexlb.port.out;

import java.util.function.Consumer;

/**
 * Tells this instance when the shared store was changed, by this instance or another, so that the
 * state it keeps in memory (keys, accounts, settings) stays coherent without reading the store per
 * request.
 *
 * <p>Contract: after {@link #publish} on any instance sharing the store, every subscriber on every
 * instance is called with the change within about a second while the store is reachable. Delivery
 * is at least once and may be coalesced; a subscriber reloads what changed, so a repeat is
 * harmless. A store only one process uses may deliver in-process only. Subscribers are called on a
 * thread that must not be blocked.
 */
public interface StoreChangePublisher {

  /** Announces a change that was just made durable. */
  void publish(StoreChange change);

  /** Calls {@code listener} for every change announced from now on. */
  void subscribe(Consumer<StoreChange> listener);
}
