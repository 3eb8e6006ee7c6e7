package io.codexlb.port.out;

import static java.util.Objects.requireNonNull;
import static java.util.concurrent.CompletableFuture.completedFuture;

import io.codexlb.domain.account.AccountId;
import io.codexlb.domain.sticky.StickyKey;
import io.codexlb.domain.sticky.StickyPin;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletionStage;

/** In-memory {@link StickySessionRepository}. Thread-safe. */
public final class InMemoryStickySessionRepository implements StickySessionRepository {

  /** Keys in code point order, as the stores order them (their UTF-8 byte order). */
  static final Comparator<StickyKey> BY_CODE_POINTS =
      (a, b) -> {
        int[] left = a.value().codePoints().toArray();
        int[] right = b.value().codePoints().toArray();
        return java.util.Arrays.compare(left, right);
      };

  private final TreeMap<StickyKey, StickyPin> pins = new TreeMap<>(BY_CODE_POINTS);

  @Override
  public synchronized CompletionStage<Optional<StickyPin>> find(StickyKey key, Instant now) {
    requireNonNull(key, "key");
    requireNonNull(now, "now");
    return completedFuture(Optional.ofNullable(pins.get(key)).filter(pin -> pin.liveAt(now)));
  }

  @Override
  public synchronized CompletionStage<Void> saveAll(List<StickyPin> batch) {
    requireNonNull(batch, "batch");
    // The stores keep milliseconds.
    batch.forEach(
        pin ->
            pins.put(
                pin.key(),
                new StickyPin(
                    pin.key(), pin.account(), pin.expiresAt().truncatedTo(ChronoUnit.MILLIS))));
    return completedFuture(null);
  }

  @Override
  public synchronized CompletionStage<StickyPinPage> list(
      Instant now, Optional<StickyKey> after, int limit) {
    requireNonNull(now, "now");
    requireNonNull(after, "after");
    checkLimit(limit);
    List<StickyPin> fetched = new ArrayList<>();
    for (StickyPin pin : (after.isPresent() ? pins.tailMap(after.get(), false) : pins).values()) {
      if (pin.liveAt(now)) {
        fetched.add(pin);
        if (fetched.size() > limit) {
          break;
        }
      }
    }
    return completedFuture(StickyPinPage.of(fetched, limit));
  }

  @Override
  public synchronized CompletionStage<Boolean> delete(StickyKey key) {
    requireNonNull(key, "key");
    return completedFuture(pins.remove(key) != null);
  }

  @Override
  public synchronized CompletionStage<Integer> deleteByAccount(AccountId account) {
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

  @Override
  public synchronized CompletionStage<Integer> deleteAll() {
    int before = pins.size();
    pins.clear();
    return completedFuture(before);
  }

  /** Fails as every store does on a page size out of range. */
  static void checkLimit(int limit) {
    if (limit < 1 || limit > MAX_PAGE) {
      throw new IllegalArgumentException("limit: " + limit + " (expected: 1-" + MAX_PAGE + ")");
    }
  }
}
