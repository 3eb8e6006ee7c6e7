package io.codexlb.port.out;

import static java.util.Objects.requireNonNull;
import static java.util.concurrent.CompletableFuture.completedFuture;

import io.codexlb.domain.key.ApiKey;
import io.codexlb.domain.key.ApiKeyId;
import io.codexlb.domain.key.KeyHash;
import io.codexlb.domain.limit.KeyLimit;
import io.codexlb.domain.limit.LimitType;
import io.codexlb.domain.limit.LimitWindow;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletionStage;

/**
 * In-memory {@link ApiKeyRepository}. Every method holds the one lock, which makes usage changes as
 * atomic as a database transaction. Thread-safe.
 */
public final class InMemoryApiKeyRepository implements ApiKeyRepository {

  private final TreeMap<String, StoredApiKey> keys = new TreeMap<>();

  @Override
  public synchronized CompletionStage<List<StoredApiKey>> findAll() {
    return completedFuture(List.copyOf(new ArrayList<>(keys.values())));
  }

  @Override
  public synchronized CompletionStage<Optional<StoredApiKey>> find(ApiKeyId id) {
    return completedFuture(Optional.ofNullable(keys.get(requireNonNull(id, "id").value())));
  }

  @Override
  public synchronized CompletionStage<Optional<StoredApiKey>> findByHash(KeyHash hash) {
    requireNonNull(hash, "hash");
    return completedFuture(
        keys.values().stream().filter(key -> key.key().hash().equals(hash)).findFirst());
  }

  @Override
  public synchronized CompletionStage<Boolean> create(StoredApiKey key) {
    requireNonNull(key, "key");
    boolean taken =
        keys.containsKey(key.key().id().value())
            || keys.values().stream()
                .anyMatch(other -> other.key().hash().equals(key.key().hash()));
    if (taken) {
      return completedFuture(false);
    }
    keys.put(key.key().id().value(), key);
    return completedFuture(true);
  }

  @Override
  public synchronized CompletionStage<Boolean> update(ApiKey key) {
    requireNonNull(key, "key");
    StoredApiKey stored = keys.get(key.id().value());
    if (stored == null) {
      return completedFuture(false);
    }
    keys.put(key.id().value(), new StoredApiKey(key, stored.limits()));
    return completedFuture(true);
  }

  @Override
  public synchronized CompletionStage<Boolean> change(ApiKeyChange change) {
    requireNonNull(change, "change");
    ApiKey wanted = change.key();
    StoredApiKey stored = keys.get(wanted.id().value());
    if (stored == null) {
      return completedFuture(false);
    }
    ApiKey old = stored.key();
    ApiKey key =
        new ApiKey(
            old.id(),
            wanted.name(),
            old.hash(),
            old.displayPrefix(),
            wanted.active(),
            wanted.expiresAt(),
            wanted.allowedModels(),
            old.createdAt(),
            old.lastUsedAt());
    List<KeyLimit> limits = stored.limits();
    if (change.limits().isPresent()) {
      List<KeyLimit> next = new ArrayList<>();
      for (KeyLimit limit : change.limits().get()) {
        KeyLimit kept =
            stored.limits().stream()
                .filter(existing -> sameSlot(existing, limit.type(), limit.window()))
                .findFirst()
                .map(
                    existing ->
                        new KeyLimit(
                            existing.type(),
                            existing.window(),
                            limit.maxValue(),
                            existing.currentValue(),
                            existing.resetAt()))
                .orElse(limit);
        next.add(kept);
      }
      limits = next;
    }
    if (change.resetUsageAt().isPresent()) {
      Instant now = change.resetUsageAt().get();
      limits =
          limits.stream()
              .map(limit -> KeyLimit.fresh(limit.type(), limit.window(), limit.maxValue(), now))
              .toList();
    }
    keys.put(old.id().value(), new StoredApiKey(key, limits));
    return completedFuture(true);
  }

  @Override
  public synchronized CompletionStage<Boolean> delete(ApiKeyId id) {
    return completedFuture(keys.remove(requireNonNull(id, "id").value()) != null);
  }

  @Override
  public synchronized CompletionStage<Boolean> putLimit(ApiKeyId id, KeyLimit limit) {
    requireNonNull(limit, "limit");
    StoredApiKey stored = keys.get(requireNonNull(id, "id").value());
    if (stored == null) {
      return completedFuture(false);
    }
    List<KeyLimit> limits = new ArrayList<>();
    boolean changed = false;
    for (KeyLimit existing : stored.limits()) {
      if (sameSlot(existing, limit.type(), limit.window())) {
        limits.add(
            new KeyLimit(
                existing.type(),
                existing.window(),
                limit.maxValue(),
                existing.currentValue(),
                existing.resetAt()));
        changed = true;
      } else {
        limits.add(existing);
      }
    }
    if (!changed) {
      limits.add(limit);
    }
    keys.put(id.value(), new StoredApiKey(stored.key(), limits));
    return completedFuture(true);
  }

  @Override
  public synchronized CompletionStage<Boolean> removeLimit(
      ApiKeyId id, LimitType type, LimitWindow window) {
    StoredApiKey stored = keys.get(requireNonNull(id, "id").value());
    if (stored == null) {
      return completedFuture(false);
    }
    List<KeyLimit> kept = new ArrayList<>(stored.limits());
    boolean removed = kept.removeIf(limit -> sameSlot(limit, type, window));
    keys.put(id.value(), new StoredApiKey(stored.key(), kept));
    return completedFuture(removed);
  }

  @Override
  public synchronized CompletionStage<Boolean> resetUsage(ApiKeyId id, Instant now) {
    requireNonNull(now, "now");
    StoredApiKey stored = keys.get(requireNonNull(id, "id").value());
    if (stored == null) {
      return completedFuture(false);
    }
    List<KeyLimit> reset = new ArrayList<>();
    for (KeyLimit limit : stored.limits()) {
      reset.add(KeyLimit.fresh(limit.type(), limit.window(), limit.maxValue(), now));
    }
    keys.put(id.value(), new StoredApiKey(stored.key(), reset));
    return completedFuture(true);
  }

  @Override
  public synchronized CompletionStage<List<KeyLimit>> addUsage(
      ApiKeyId id, List<UsageDelta> deltas, Instant now) {
    requireNonNull(deltas, "deltas");
    requireNonNull(now, "now");
    StoredApiKey stored = keys.get(requireNonNull(id, "id").value());
    if (stored == null) {
      return completedFuture(List.of());
    }
    List<KeyLimit> limits = new ArrayList<>();
    for (KeyLimit limit : stored.limits()) {
      long amount = 0;
      for (UsageDelta delta : deltas) {
        if (sameSlot(limit, delta.type(), delta.window())) {
          amount += delta.amount();
        }
      }
      limits.add(amount == 0 ? limit : withAdded(limit, amount, now));
    }
    keys.put(id.value(), new StoredApiKey(stored.key(), limits));
    return completedFuture(List.copyOf(limits));
  }

  @Override
  public synchronized CompletionStage<Void> touchLastUsed(Map<ApiKeyId, Instant> lastUsed) {
    requireNonNull(lastUsed, "lastUsed");
    lastUsed.forEach(
        (id, at) -> {
          StoredApiKey stored = keys.get(id.value());
          Instant previous = stored == null ? null : stored.key().lastUsedAt();
          if (stored != null && (previous == null || at.isAfter(previous))) {
            keys.put(id.value(), new StoredApiKey(stored.key().usedAt(at), stored.limits()));
          }
        });
    return completedFuture(null);
  }

  /** The limit after adding {@code amount}, its window rolled first when it has passed. */
  private static KeyLimit withAdded(KeyLimit limit, long amount, Instant now) {
    KeyLimit current = limit.at(now);
    return new KeyLimit(
        current.type(),
        current.window(),
        current.maxValue(),
        Math.max(0, current.currentValue() + amount),
        current.resetAt());
  }

  private static boolean sameSlot(KeyLimit limit, LimitType type, LimitWindow window) {
    return limit.type() == type && limit.window() == window;
  }
}
