package io.codexlb.port.in;

import io.codexlb.domain.account.AccountId;
import io.codexlb.domain.routing.Eligibility;
import io.codexlb.domain.routing.PickResult;
import io.codexlb.domain.sticky.StickyKey;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Picks the account that serves a request, from memory: the pool's accounts and the routing
 * settings are held in a {@link io.codexlb.domain.routing.RoutingTable} kept coherent with the
 * store, so a pick never reads the store.
 */
public interface PickAccountUseCase {

  /**
   * Picks an account and counts the request as in flight on it.
   *
   * @param excluded accounts that already failed for this request
   * @param now the instant of the pick
   * @return the account, or why none can serve
   */
  PickResult pickAndAcquire(Set<AccountId> excluded, Instant now);

  /**
   * Picks an account for a request that may belong to a session, and counts it as in flight: a
   * session's account is reused while it can serve (the pin slides), otherwise another is picked
   * and pinned. Without sticky threads, or without a key, this is {@link #pickAndAcquire(Set,
   * Instant)}.
   *
   * @param session the request's sticky key, if it has one
   * @param excluded accounts that already failed for this request
   * @param now the instant of the pick
   * @return the account, or why none can serve
   */
  PickResult pickAndAcquire(Optional<StickyKey> session, Set<AccountId> excluded, Instant now);

  /** Ends a request {@link #pickAndAcquire} counted; false when the account has left the pool. */
  boolean release(AccountId account);

  /** For each account, whether it is eligible now and why (the admin API's routing view). */
  List<Eligibility> explain(Instant now);
}
