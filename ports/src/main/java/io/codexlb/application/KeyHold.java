package io.codexlb.application;

import static java.util.Objects.requireNonNull;

import io.codexlb.domain.key.ApiKeyId;
import io.codexlb.domain.limit.Reservation;
import io.codexlb.domain.limit.Usage;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What an admitted request holds against its key's limits until it ends: its reservation in the
 * in-memory ledger and, on a store shared by several instances, its ceilings in this instance's
 * leased slices. Exactly one of {@link #settle} and {@link #release} takes effect, once.
 */
final class KeyHold {

  private final KeyLedgers ledgers;
  private final ApiKeyId key;
  private final Reservation reservation;
  private final Optional<LimitBudgets.Hold> slices;
  private final AtomicBoolean ended = new AtomicBoolean();

  /**
   * @param ledgers the ledgers the reservation was made in; settled usage is written through them
   * @param key the request's key
   * @param reservation its reservation in the key's ledger
   * @param slices its ceilings in the leased slices, when the store is shared
   */
  KeyHold(
      KeyLedgers ledgers,
      ApiKeyId key,
      Reservation reservation,
      Optional<LimitBudgets.Hold> slices) {
    this.ledgers = requireNonNull(ledgers, "ledgers");
    this.key = requireNonNull(key, "key");
    this.reservation = requireNonNull(reservation, "reservation");
    this.slices = requireNonNull(slices, "slices");
  }

  /** A hold in the ledger alone (one process on its store). */
  static KeyHold local(KeyLedgers ledgers, ApiKeyId key, Reservation reservation) {
    return new KeyHold(ledgers, key, reservation, Optional.empty());
  }

  /**
   * The request used {@code actual}: the ledger settles it and writes it behind, and the slices
   * take it off (first, so that the write, however fast, finds it to give back).
   *
   * @return whether this call took effect
   */
  boolean settle(Usage actual, Instant now) {
    requireNonNull(actual, "actual");
    requireNonNull(now, "now");
    if (!ended.compareAndSet(false, true)) {
      return false;
    }
    slices.ifPresent(held -> held.settle(actual));
    ledgers.settle(key, reservation, actual, now);
    return true;
  }

  /**
   * The request used nothing: everything it held is given back.
   *
   * @return whether this call took effect
   */
  boolean release(Instant now) {
    requireNonNull(now, "now");
    if (!ended.compareAndSet(false, true)) {
      return false;
    }
    slices.ifPresent(LimitBudgets.Hold::release);
    reservation.release(now);
    return true;
  }

  /** The reservation in the ledger, for tests. */
  Reservation reservation() {
    return reservation;
  }

  @Override
  public String toString() {
    return "KeyHold[" + reservation + (slices.isPresent() ? ", leased" : "") + "]";
  }
}
