package io.codexlb.application;

import static java.util.Objects.requireNonNull;

import io.codexlb.domain.key.ApiKeyId;
import io.codexlb.domain.limit.KeyLimit;
import io.codexlb.domain.limit.KeyLimits;
import io.codexlb.domain.limit.Reservation;
import io.codexlb.domain.limit.Usage;
import io.codexlb.port.out.ApiKeyRepository;
import io.codexlb.port.out.StoreChange;
import io.codexlb.port.out.StoreChangePublisher;
import io.codexlb.port.out.StoredApiKey;
import io.codexlb.port.out.UsageDelta;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.function.BiConsumer;

/**
 * The limit ledgers of every API key, in memory: requests reserve and settle here without touching
 * the store. Settled usage is written through to the store behind the response ({@link
 * KeyUsageWriter}), and what the store answers (other instances' usage included) is adopted, as is
 * every announced change to the keys (limits added, removed, changed, usage reset).
 */
public final class KeyLedgers {

  private final CoherentView<Map<ApiKeyId, KeyLimits>> ledgers;
  private final KeyUsageWriter usage;
  private volatile BiConsumer<ApiKeyId, List<UsageDelta>> written = (id, deltas) -> {};

  private KeyLedgers(
      CoherentView<Map<ApiKeyId, KeyLimits>> ledgers, ApiKeyRepository keys, Clock clock) {
    this.ledgers = ledgers;
    this.usage =
        new KeyUsageWriter(
            keys,
            clock,
            (id, stored) -> ledger(id).adopt(stored, clock.instant()),
            (id, deltas) -> written.accept(id, deltas));
  }

  /** Tells {@code listener} the usage each write-behind made durable (the leased slices). */
  void whenWritten(BiConsumer<ApiKeyId, List<UsageDelta>> listener) {
    this.written = requireNonNull(listener, "listener");
  }

  /** Loads every key's limits, then keeps the ledgers coherent; completes once loaded. */
  public static CompletionStage<KeyLedgers> start(
      ApiKeyRepository keys, StoreChangePublisher changes, Clock clock) {
    requireNonNull(keys, "keys");
    requireNonNull(changes, "changes");
    requireNonNull(clock, "clock");
    Map<ApiKeyId, KeyLimits> current = new HashMap<>();
    return CoherentView.<Map<ApiKeyId, KeyLimits>>load(
            StoreChange.API_KEYS,
            () -> keys.findAll().thenApply(all -> adoptAll(current, all, clock)),
            changes)
        .thenApply(view -> new KeyLedgers(view, keys, clock));
  }

  /** The key's ledger, if the ledgers have loaded the key. */
  public Optional<KeyLimits> find(ApiKeyId id) {
    return Optional.ofNullable(ledgers.current().get(requireNonNull(id, "id")));
  }

  /** Every loaded key's limits as they stand at the given instant (for metrics). */
  public Map<ApiKeyId, List<KeyLimit>> limits(Instant now) {
    Map<ApiKeyId, List<KeyLimit>> all = new HashMap<>();
    ledgers.current().forEach((id, ledger) -> all.put(id, ledger.limits(now)));
    return all;
  }

  /** Reloads every key's limits from the store; completes once a reload begun now has ended. */
  public CompletionStage<Void> reload() {
    return ledgers.reload().thenApply(ignored -> null);
  }

  /** The key's ledger; a key the store does not know (yet) has no limits. */
  public KeyLimits ledger(ApiKeyId id) {
    KeyLimits ledger = ledgers.current().get(requireNonNull(id, "id"));
    return ledger == null ? KeyLimits.none() : ledger;
  }

  /**
   * Settles a reservation with what the request actually used, and writes the usage through to the
   * store behind the response.
   */
  public void settle(ApiKeyId id, Reservation reservation, Usage actual, Instant now) {
    if (!reservation.settle(actual, now)) {
      return;
    }
    List<UsageDelta> deltas = new ArrayList<>();
    for (KeyLimit limit : ledger(id).limits(now)) {
      long amount = limit.type().amountOf(actual);
      if (amount > 0) {
        deltas.add(new UsageDelta(limit.type(), limit.window(), amount));
      }
    }
    if (!deltas.isEmpty()) {
      usage.add(id, deltas);
    }
  }

  /** The usage writer, for flushing at shutdown and for tests. */
  public KeyUsageWriter usageWriter() {
    return usage;
  }

  /**
   * Builds the next index: ledgers of known keys are kept (their open reservations with them) and
   * take the stored limits; new keys get a ledger; deleted keys are dropped.
   */
  private static synchronized Map<ApiKeyId, KeyLimits> adoptAll(
      Map<ApiKeyId, KeyLimits> current, List<StoredApiKey> all, Clock clock) {
    Map<ApiKeyId, KeyLimits> next = new HashMap<>(all.size() * 2);
    for (StoredApiKey key : all) {
      KeyLimits ledger = current.get(key.key().id());
      if (ledger == null) {
        ledger = KeyLimits.of(key.limits());
      } else {
        ledger.adopt(key.limits(), clock.instant());
      }
      next.put(key.key().id(), ledger);
    }
    current.clear();
    current.putAll(next);
    return Map.copyOf(next);
  }
}
