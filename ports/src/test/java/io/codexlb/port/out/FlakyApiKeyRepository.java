package io.codexlb.port.out;

import static java.util.Objects.requireNonNull;

import io.codexlb.domain.key.ApiKey;
import io.codexlb.domain.key.ApiKeyId;
import io.codexlb.domain.key.KeyHash;
import io.codexlb.domain.limit.KeyLimit;
import io.codexlb.domain.limit.LimitType;
import io.codexlb.domain.limit.LimitWindow;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * A key store that goes down in the middle of a sequence of administrative writes: after {@link
 * #failAfter(int) n} more writes succeed, every later one fails ({@code "store down"}) and changes
 * nothing, as a database that drops its connection between two statements would. Counts the
 * administrative writes it was asked for. Reads, usage and last use always work.
 */
public final class FlakyApiKeyRepository implements ApiKeyRepository {

  private final ApiKeyRepository store;
  private final AtomicInteger writes = new AtomicInteger();
  private final AtomicInteger allowed = new AtomicInteger(Integer.MAX_VALUE);

  /** Passes everything to {@code store} until told to fail. */
  public FlakyApiKeyRepository(ApiKeyRepository store) {
    this.store = requireNonNull(store, "store");
  }

  /** Lets {@code writes} more administrative writes through, then fails every one after them. */
  public FlakyApiKeyRepository failAfter(int writes) {
    allowed.set(writes);
    return this;
  }

  /** How many administrative writes were asked for, failed or not. */
  public int writes() {
    return writes.get();
  }

  private <T> CompletionStage<T> write(Supplier<CompletionStage<T>> write) {
    writes.incrementAndGet();
    if (allowed.getAndDecrement() <= 0) {
      return CompletableFuture.failedFuture(new IllegalStateException("store down"));
    }
    return write.get();
  }

  @Override
  public CompletionStage<List<StoredApiKey>> findAll() {
    return store.findAll();
  }

  @Override
  public CompletionStage<Optional<StoredApiKey>> find(ApiKeyId id) {
    return store.find(id);
  }

  @Override
  public CompletionStage<Optional<StoredApiKey>> findByHash(KeyHash hash) {
    return store.findByHash(hash);
  }

  @Override
  public CompletionStage<Boolean> create(StoredApiKey key) {
    return write(() -> store.create(key));
  }

  @Override
  public CompletionStage<Boolean> update(ApiKey key) {
    return write(() -> store.update(key));
  }

  @Override
  public CompletionStage<Boolean> change(ApiKeyChange change) {
    return write(() -> store.change(change));
  }

  @Override
  public CompletionStage<Boolean> delete(ApiKeyId id) {
    return write(() -> store.delete(id));
  }

  @Override
  public CompletionStage<Boolean> putLimit(ApiKeyId id, KeyLimit limit) {
    return write(() -> store.putLimit(id, limit));
  }

  @Override
  public CompletionStage<Boolean> removeLimit(ApiKeyId id, LimitType type, LimitWindow window) {
    return write(() -> store.removeLimit(id, type, window));
  }

  @Override
  public CompletionStage<Boolean> resetUsage(ApiKeyId id, Instant now) {
    return write(() -> store.resetUsage(id, now));
  }

  @Override
  public CompletionStage<List<KeyLimit>> addUsage(
      ApiKeyId id, List<UsageDelta> deltas, Instant now) {
    return store.addUsage(id, deltas, now);
  }

  @Override
  public CompletionStage<Void> touchLastUsed(Map<ApiKeyId, Instant> lastUsed) {
    return store.touchLastUsed(lastUsed);
  }
}
