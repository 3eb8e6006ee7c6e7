package io.codexlb.port.out;

import java.util.concurrent.CompletionStage;

/**
 * The right to run the store's periodic jobs, held by at most one of the instances sharing the
 * store, so that a job whose every run costs something upstream or in the store (usage polling, the
 * token sweep, the sticky-pin expiry, the request-log retention) runs once per period, not once per
 * instance. The application's {@code JobRunner} asks for it and runs every such job behind it.
 *
 * <p>Contract: {@link #hold} completes with whether this instance holds the lease now; when no one
 * does, it takes it. A held lease stays held until {@link #release}, until this instance dies, or
 * until it loses the store (then {@code hold} answers false until it takes the lease again). A
 * lease a dead instance held is free again without waiting for any timeout longer than the store's
 * own detection of a dead connection, so an instance that asks again each period takes over within
 * one period. A store only one process uses may always answer true. The stage never completes
 * exceptionally: a store that cannot be asked means false.
 */
public interface JobLease {

  /** Whether this instance holds the lease now, taking it when it is free. */
  CompletionStage<Boolean> hold();

  /** Gives the lease up, so another instance can take it at once; done when it is given up. */
  CompletionStage<Void> release();
}
