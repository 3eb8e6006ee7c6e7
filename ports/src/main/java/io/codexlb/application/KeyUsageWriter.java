package io.codexlb.application;

import static java.util.Objects.requireNonNull;

import io.codexlb.domain.health.Failures;
import io.codexlb.domain.key.ApiKeyId;
import io.codexlb.domain.limit.KeyLimit;
import io.codexlb.domain.limit.LimitType;
import io.codexlb.domain.limit.LimitWindow;
import io.codexlb.port.out.ApiKeyRepository;
import io.codexlb.port.out.UsageDelta;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;

/**
 * Writes settled key usage to the store behind the responses, coalescing: while one write is in
 * flight, further usage of the same key adds up and goes in the next one. A quiet server writes
 * each response's usage at once; a busy one writes each key about once per store round trip. What
 * the store answers is handed to a listener (the key's ledger adopts it).
 *
 * <p>A failed write is logged at WARN (the key and the cause) and kept: it is tried again with the
 * next usage of any key or by the next {@link #flushed()}, which the data plane calls on its 1 s
 * tick, never at once (a store that is down is not hammered). So settled usage reaches the store
 * within about a second even when a write failed and no more traffic comes, and a {@code kill -9}
 * loses at most that last second.
 */
public final class KeyUsageWriter {

  private static final Logger log = System.getLogger(KeyUsageWriter.class.getName());

  private final ApiKeyRepository keys;
  private final Clock clock;
  private final BiConsumer<ApiKeyId, List<KeyLimit>> stored;
  private final BiConsumer<ApiKeyId, List<UsageDelta>> written;
  private final Map<ApiKeyId, Map<String, UsageDelta>> pending = new ConcurrentHashMap<>();
  private final AtomicBoolean writing = new AtomicBoolean();
  private volatile CompletableFuture<Void> idle = CompletableFuture.completedFuture(null);

  /**
   * @param stored told the limits as stored after each write, per key
   */
  public KeyUsageWriter(
      ApiKeyRepository keys, Clock clock, BiConsumer<ApiKeyId, List<KeyLimit>> stored) {
    this(keys, clock, stored, (id, deltas) -> {});
  }

  /**
   * @param stored told the limits as stored after each write, per key
   * @param written told the usage each write made durable, per key (the leased slices give it back)
   */
  public KeyUsageWriter(
      ApiKeyRepository keys,
      Clock clock,
      BiConsumer<ApiKeyId, List<KeyLimit>> stored,
      BiConsumer<ApiKeyId, List<UsageDelta>> written) {
    this.keys = requireNonNull(keys, "keys");
    this.clock = requireNonNull(clock, "clock");
    this.stored = requireNonNull(stored, "stored");
    this.written = requireNonNull(written, "written");
  }

  /** Queues usage of one key; it is written at once unless a write is in flight. */
  public void add(ApiKeyId id, List<UsageDelta> deltas) {
    requireNonNull(id, "id");
    merge(id, deltas);
    writeIfIdle();
  }

  /**
   * Writes what is queued unless a write is in flight (the data plane's 1 s tick calls it, which is
   * also how a failed write is tried again); completes once everything queued so far is written (or
   * failed and is queued again).
   */
  public CompletionStage<Void> flushed() {
    writeIfIdle();
    return idle;
  }

  /** Keys with usage not written yet. */
  public int pendingKeys() {
    return pending.size();
  }

  private void merge(ApiKeyId id, List<UsageDelta> deltas) {
    pending.compute(
        id,
        (ignored, queued) -> {
          Map<String, UsageDelta> sum = queued == null ? new HashMap<>() : queued;
          for (UsageDelta delta : deltas) {
            sum.merge(
                slot(delta.type(), delta.window()),
                delta,
                (a, b) ->
                    new UsageDelta(a.type(), a.window(), Math.addExact(a.amount(), b.amount())));
          }
          return sum;
        });
  }

  private void writeIfIdle() {
    if (pending.isEmpty() || !writing.compareAndSet(false, true)) {
      return;
    }
    CompletableFuture<Void> done = new CompletableFuture<>();
    idle = done;
    AtomicBoolean failed = new AtomicBoolean();
    writeAll(failed).whenComplete((ignored, error) -> finished(done, failed.get()));
  }

  private void finished(CompletableFuture<Void> done, boolean failed) {
    writing.set(false);
    done.complete(null);
    if (!failed) {
      writeIfIdle();
    }
  }

  private CompletionStage<Void> writeAll(AtomicBoolean failed) {
    List<CompletionStage<Void>> writes = new ArrayList<>();
    for (ApiKeyId id : List.copyOf(pending.keySet())) {
      Map<String, UsageDelta> taken = pending.remove(id);
      if (taken == null) {
        continue;
      }
      List<UsageDelta> deltas = List.copyOf(taken.values());
      writes.add(
          keys.addUsage(id, deltas, clock.instant())
              .handle(
                  (limits, error) -> {
                    if (error != null) {
                      failed.set(true);
                      merge(id, deltas); // kept for the next write
                      log.log(
                          Level.WARNING,
                          "key {0}: writing its usage failed, kept for the next flush: {1}",
                          id.value(),
                          Failures.oneLine(error));
                    } else {
                      written.accept(id, deltas);
                      if (!limits.isEmpty()) {
                        stored.accept(id, limits);
                      }
                    }
                    return null;
                  }));
    }
    return CompletableFuture.allOf(
        writes.stream()
            .map(CompletionStage::toCompletableFuture)
            .toArray(CompletableFuture[]::new));
  }

  private static String slot(LimitType type, LimitWindow window) {
    return type.wireName() + ":" + window.wireName();
  }
}
