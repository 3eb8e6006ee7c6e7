package io.codexlb.port.out;

import static java.util.Objects.requireNonNull;
import static java.util.concurrent.CompletableFuture.completedFuture;

import io.codexlb.domain.key.ApiKeyId;
import io.codexlb.domain.limit.KeyLimit;
import io.codexlb.domain.limit.LeaseSizing;
import io.codexlb.domain.limit.LimitType;
import io.codexlb.domain.limit.LimitWindow;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * Leases in memory over an {@link InMemoryApiKeyRepository}, for tests: every call runs under the
 * key repository's lock, so a grant and the limit it was sized from are one atomic step. Every
 * "instance" of an in-memory store shares this one object.
 */
public final class InMemoryLimitLeaseRepository implements LimitLeaseRepository {

  /** One holder's lease on one limit. */
  private record Lease(long amount, Instant windowResetAt, Instant expiresAt) {}

  private record Slot(String key, LimitType type, LimitWindow window, String holder) {}

  private final InMemoryApiKeyRepository keys;
  private final Map<Slot, Lease> leases = new HashMap<>();

  public InMemoryLimitLeaseRepository(InMemoryApiKeyRepository keys) {
    this.keys = requireNonNull(keys, "keys");
  }

  @Override
  public CompletionStage<Optional<LeaseGrant>> lease(LeaseRequest request) {
    requireNonNull(request, "request");
    synchronized (keys) {
      Optional<KeyLimit> found =
          Stages.await(keys.find(request.key())).stream()
              .flatMap(stored -> stored.limits().stream())
              .filter(limit -> limit.type() == request.type() && limit.window() == request.window())
              .findFirst();
      if (found.isEmpty()) {
        return completedFuture(Optional.empty());
      }
      KeyLimit limit = found.get().at(request.now());
      long others = 0;
      long own = 0;
      int holders = 1;
      for (Map.Entry<Slot, Lease> entry : leases.entrySet()) {
        Slot slot = entry.getKey();
        Lease lease = entry.getValue();
        if (!slot.key().equals(request.key().value())
            || slot.type() != request.type()
            || slot.window() != request.window()
            || !counts(lease, limit.resetAt(), request.now())) {
          continue;
        }
        if (slot.holder().equals(request.holder())) {
          own = lease.amount();
        } else {
          others += lease.amount();
          holders++;
        }
      }
      long available = limit.maxValue() - limit.currentValue() - others - own;
      long granted =
          LeaseSizing.grant(available, holders, others, request.minimum(), request.most());
      long held = own + granted;
      if (granted > 0) {
        leases.put(
            new Slot(request.key().value(), request.type(), request.window(), request.holder()),
            new Lease(held, limit.resetAt(), request.expiresAt()));
      }
      return completedFuture(
          Optional.of(
              new LeaseGrant(granted, held, available - granted, holders, limit.resetAt())));
    }
  }

  @Override
  public CompletionStage<Long> giveBack(
      ApiKeyId key, LimitType type, LimitWindow window, String holder, long amount) {
    Slot slot = new Slot(requireNonNull(key, "key").value(), type, window, holder);
    synchronized (keys) {
      Lease lease = leases.get(slot);
      if (lease == null) {
        return completedFuture(0L);
      }
      long left = Math.max(0, lease.amount() - amount);
      leases.put(slot, new Lease(left, lease.windowResetAt(), lease.expiresAt()));
      return completedFuture(left);
    }
  }

  @Override
  public CompletionStage<Integer> renewAll(String holder, Instant now, Instant expiresAt) {
    requireNonNull(holder, "holder");
    requireNonNull(now, "now");
    requireNonNull(expiresAt, "expiresAt");
    int renewed = 0;
    synchronized (keys) {
      for (Map.Entry<Slot, Lease> entry : leases.entrySet()) {
        Lease lease = entry.getValue();
        if (entry.getKey().holder().equals(holder)
            && lease.amount() > 0
            && lease.expiresAt().isAfter(now)) {
          entry.setValue(new Lease(lease.amount(), lease.windowResetAt(), expiresAt));
          renewed++;
        }
      }
    }
    return completedFuture(renewed);
  }

  @Override
  public CompletionStage<Void> endAll(String holder) {
    requireNonNull(holder, "holder");
    synchronized (keys) {
      leases.keySet().removeIf(slot -> slot.holder().equals(holder));
    }
    return completedFuture(null);
  }

  private static boolean counts(Lease lease, Instant windowResetAt, Instant now) {
    return lease.amount() > 0
        && lease.expiresAt().isAfter(now)
        && lease.windowResetAt().equals(windowResetAt);
  }
}
