package io.codexlb.application;

import static java.util.Objects.requireNonNull;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import io.codexlb.domain.account.AccountId;
import io.codexlb.domain.routing.PickResult;
import io.codexlb.domain.routing.RefusalReason;
import io.codexlb.domain.sticky.StickyKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The fair queue of requests waiting for an account slot: when every account that could serve a
 * request is at its concurrency cap ({@code account_stream_limit}), the request waits here, in
 * arrival order, instead of being refused while the accounts are active. A slot that frees goes to
 * the oldest waiter that can use it (a waiter whose only usable account failed for it already lets
 * the next one have it); a newcomer never overtakes a waiter that a free slot could serve.
 *
 * <p>A wait ends with the pick, with another refusal when the pool changed under it (every account
 * became limited, say), or with an {@link RefusalReason#ALL_BUSY} refusal after the policy's
 * timeout. The queue holds at most {@link Policy#capacity()} waiters (its memory is bounded:
 * beyond, a request is refused at once, as with a zero timeout). A wait whose future is cancelled
 * (its client went away) leaves the queue.
 *
 * <p>Thread-safe: the waiters are guarded by the queue's lock; picks are made under it (so two
 * releases cannot hand one waiter two slots) and the waiters are completed after it is let go.
 */
final class SlotQueue {

  /** Waiters at most, by default: a few kilobytes each; beyond that the request is refused. */
  static final int DEFAULT_CAPACITY = 1_024;

  /** The {@code Retry-After} of an {@code accounts_busy} refusal. */
  static final Duration BUSY_RETRY_AFTER = Duration.ofSeconds(5);

  /** Runs a task after a delay (the queue's timeouts), on some other thread. */
  @FunctionalInterface
  interface Timer {

    /** Runs {@code task} once, {@code delay} from now. */
    void schedule(Duration delay, Runnable task);

    /** The JDK's shared delayed executor: a daemon thread, nothing to stop. */
    static Timer jdk() {
      return (delay, task) ->
          CompletableFuture.delayedExecutor(delay.toNanos(), TimeUnit.NANOSECONDS).execute(task);
    }
  }

  /**
   * How long and how many requests may wait.
   *
   * @param timeout the longest wait; zero refuses at once
   * @param capacity the most waiters at once
   * @param timer ends the waits that time out
   */
  record Policy(Duration timeout, int capacity, Timer timer) {
    Policy {
      requireNonNull(timeout, "timeout");
      requireNonNull(timer, "timer");
      if (timeout.isNegative()) {
        throw new IllegalArgumentException("timeout: " + timeout + " (expected: >= 0)");
      }
      if (capacity < 0) {
        throw new IllegalArgumentException("capacity: " + capacity + " (expected: >= 0)");
      }
    }

    /** Waits up to {@code timeout}, at most {@link #DEFAULT_CAPACITY} requests, JDK timer. */
    static Policy of(Duration timeout) {
      return new Policy(timeout, DEFAULT_CAPACITY, Timer.jdk());
    }
  }

  /** The pool's side: pick and count in one step, and give a slot back. */
  interface Slots {

    /** Picks an account and counts the request in flight on it, as {@link AccountPool} does. */
    PickResult pickAndAcquire(Optional<StickyKey> session, Set<AccountId> excluded, Instant now);

    /** Gives back a slot that no waiter took (its wait was cancelled meanwhile). */
    void release(AccountId account);
  }

  private static final PickResult.Refused BUSY =
      new PickResult.Refused(RefusalReason.ALL_BUSY, Optional.empty());

  private final Policy policy;
  private final Slots slots;

  @GuardedBy("this") private final ArrayDeque<Waiter> waiters = new ArrayDeque<>();

  SlotQueue(Policy policy, Slots slots) {
    this.policy = requireNonNull(policy, "policy");
    this.slots = requireNonNull(slots, "slots");
  }

  /**
   * Picks an account for the request, waiting in the queue while every account that could serve it
   * is at its cap. Completes at once unless it waits. Cancelling the returned future (its client
   * went away) takes the request out of the queue; a slot picked for it meanwhile is given back.
   *
   * @return the pick; or a refusal: {@link RefusalReason#ALL_BUSY} when no slot came free in time
   *     or the queue is full, any other when no account can serve at all
   */
  CompletableFuture<PickResult> pickOrWait(
      Optional<StickyKey> session, Set<AccountId> excluded, Instant at) {
    requireNonNull(session, "session");
    requireNonNull(excluded, "excluded");
    requireNonNull(at, "at");
    List<Handover> handovers = new ArrayList<>();
    Waiter waiter = null;
    PickResult answer;
    synchronized (this) {
      // Older waiters first: whatever slot is free now goes to them before this request.
      if (!waiters.isEmpty()) {
        serveLocked(at, handovers);
      }
      PickResult pick = slots.pickAndAcquire(session, excluded, at);
      if (!isBusy(pick)) {
        answer = pick;
      } else if (policy.timeout().isZero() || waiters.size() >= policy.capacity()) {
        answer = BUSY;
      } else {
        answer = pick;
        waiter = new Waiter(session, Set.copyOf(excluded));
        waiters.addLast(waiter);
      }
    }
    handOver(handovers);
    if (waiter == null) {
      return CompletableFuture.completedFuture(answer);
    }
    Waiter waiting = waiter;
    waiting.future.whenComplete(
        (picked, error) -> {
          if (error instanceof CancellationException) {
            leave(waiting);
          }
        });
    policy
        .timer()
        .schedule(
            policy.timeout(),
            () -> {
              if (leave(waiting)) {
                waiting.future.complete(BUSY);
              }
            });
    return waiting.future;
  }

  /**
   * Serves the waiters a freed slot (or a changed pool) can serve now, oldest first. Call it after
   * every release, and after any change that may make an account eligible.
   */
  void serve(Instant now) {
    requireNonNull(now, "now");
    List<Handover> handovers = new ArrayList<>();
    synchronized (this) {
      if (waiters.isEmpty()) {
        return;
      }
      serveLocked(now, handovers);
    }
    handOver(handovers);
  }

  /** How many requests wait. */
  synchronized int waiting() {
    return waiters.size();
  }

  @GuardedBy("this") private void serveLocked(Instant now, List<Handover> handovers) {
    Iterator<Waiter> oldestFirst = waiters.iterator();
    while (oldestFirst.hasNext()) {
      Waiter waiter = oldestFirst.next();
      PickResult pick = slots.pickAndAcquire(waiter.session, waiter.excluded, now);
      if (isBusy(pick)) {
        if (waiter.excluded.isEmpty()) {
          // Nothing any waiter could use is free: the ones behind would be refused too.
          return;
        }
        // Only this waiter's leftover accounts are busy; a younger one may use another slot.
        continue;
      }
      oldestFirst.remove();
      handovers.add(new Handover(waiter, pick));
    }
  }

  /** Completes waits outside the lock; a slot whose waiter left meanwhile is given back. */
  private void handOver(List<Handover> handovers) {
    for (Handover handover : handovers) {
      if (!handover.waiter.future.complete(handover.pick)
          && handover.pick instanceof PickResult.Picked picked) {
        slots.release(picked.account());
      }
    }
  }

  /** Takes the waiter out of the queue; false when it already left (served or timed out). */
  private synchronized boolean leave(Waiter waiter) {
    return waiters.remove(waiter);
  }

  private static boolean isBusy(PickResult pick) {
    return pick instanceof PickResult.Refused refused && refused.reason() == RefusalReason.ALL_BUSY;
  }

  /** One waiting request. Identity matters: two waits are never equal. */
  private static final class Waiter {
    final Optional<StickyKey> session;
    final Set<AccountId> excluded;
    final CompletableFuture<PickResult> future = new CompletableFuture<>();

    Waiter(Optional<StickyKey> session, Set<AccountId> excluded) {
      this.session = session;
      this.excluded = excluded;
    }
  }

  private record Handover(Waiter waiter, PickResult pick) {}
}
