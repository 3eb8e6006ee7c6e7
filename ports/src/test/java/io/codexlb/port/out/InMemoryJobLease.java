package io.codexlb.port.out;

import static java.util.concurrent.CompletableFuture.completedFuture;

import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A job lease in memory, for tests: leases made {@link #rival rivals} of one another share one
 * holder, as instances sharing a store do; {@link #die()} frees the lease as a dead instance's
 * would be.
 */
public final class InMemoryJobLease implements JobLease {

  private final AtomicReference<InMemoryJobLease> holder;

  /** A lease on a store of its own. */
  public InMemoryJobLease() {
    this(new AtomicReference<>());
  }

  private InMemoryJobLease(AtomicReference<InMemoryJobLease> holder) {
    this.holder = holder;
  }

  /** A lease of another instance on the same store. */
  public InMemoryJobLease rival() {
    return new InMemoryJobLease(holder);
  }

  @Override
  public CompletionStage<Boolean> hold() {
    return completedFuture(holder.compareAndSet(null, this) || holder.get() == this);
  }

  @Override
  public CompletionStage<Void> release() {
    holder.compareAndSet(this, null);
    return completedFuture(null);
  }

  /** The instance died: its lease is free. */
  public void die() {
    holder.compareAndSet(this, null);
  }
}
