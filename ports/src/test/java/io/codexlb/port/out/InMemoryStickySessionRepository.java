package io.codexlb.port.out;

import static java.util.Objects.requireNonNull;
import static java.util.concurrent.CompletableFuture.completedFuture;

import io.codexlb.domain.account.AccountId;
import io.codexlb.domain.sticky.StickyKey;
import io.codexlb.domain.sticky.StickyPin;
import java.time.Instant;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.CompletionStage;
import java.util.stream.Collectors;

/** In-memory {@link StickySessionRepository}. Thread-safe. */
public final class InMemoryStickySessionRepository implements StickySessionRepository {

  private final TreeMap<String, StickyPin> pins = new TreeMap<>();

  @Override
  public synchronized CompletionStage<Void> put(StickyPin pin) {
    requireNonNull(pin, "pin");
    pins.put(pin.key().value(), pin);
    return completedFuture(null);
  }

  @Override
  public synchronized CompletionStage<List<StickyPin>> findLive(Instant now) {
    requireNonNull(now, "now");
    return completedFuture(
        pins.values().stream().filter(pin -> pin.liveAt(now)).collect(Collectors.toList()));
  }

  @Override
  public synchronized CompletionStage<Boolean> delete(StickyKey key) {
    return completedFuture(pins.remove(requireNonNull(key, "key").value()) != null);
  }

  @Override
  public synchronized CompletionStage<Integer> deleteForAccount(AccountId account) {
    requireNonNull(account, "account");
    int before = pins.size();
    pins.values().removeIf(pin -> pin.account().equals(account));
    return completedFuture(before - pins.size());
  }

  @Override
  public synchronized CompletionStage<Integer> deleteExpired(Instant now) {
    requireNonNull(now, "now");
    int before = pins.size();
    pins.values().removeIf(pin -> !pin.liveAt(now));
    return completedFuture(before - pins.size());
  }
}
