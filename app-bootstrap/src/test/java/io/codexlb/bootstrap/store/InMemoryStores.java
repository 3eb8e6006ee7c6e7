package io.codexlb.bootstrap.store;

import io.codexlb.port.out.FakeReadinessProbe;
import io.codexlb.port.out.InMemoryAccountRepository;
import io.codexlb.port.out.InMemoryAdminAuthRepository;
import io.codexlb.port.out.InMemoryApiKeyRepository;
import io.codexlb.port.out.InMemoryAuditLogRepository;
import io.codexlb.port.out.InMemoryJobLease;
import io.codexlb.port.out.InMemoryRequestLogRepository;
import io.codexlb.port.out.InMemorySettingsRepository;
import io.codexlb.port.out.InMemoryStickySessionRepository;
import io.codexlb.port.out.InMemoryStoreMetadataRepository;
import io.codexlb.port.out.InMemoryUsageHistoryRepository;
import io.codexlb.port.out.InProcessStoreChangePublisher;
import io.codexlb.port.out.ReadinessProbe;
import io.codexlb.port.out.StoreMetadataRepository;
import io.codexlb.port.out.StorePorts;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/** {@link Store}s over the ports' in-memory fakes, for tests of what runs on top of a store. */
public final class InMemoryStores {

  private InMemoryStores() {}

  /** A new, empty store whose probe passes. */
  public static Store create() {
    return create(new InMemoryStoreMetadataRepository(), new AtomicInteger());
  }

  /**
   * A store over the given metadata (so two opens can share a fingerprint), counting its closes.
   */
  public static Store create(StoreMetadataRepository metadata, AtomicInteger closes) {
    return create(metadata, closes, new FakeReadinessProbe("store"));
  }

  /** A store over the given metadata whose readiness is {@code probe}'s, counting its closes. */
  public static Store create(
      StoreMetadataRepository metadata, AtomicInteger closes, ReadinessProbe probe) {
    return new Store(
        new StorePorts(
            new InMemoryAccountRepository(),
            new InMemoryApiKeyRepository(),
            new InMemorySettingsRepository(),
            new InMemoryRequestLogRepository(),
            metadata,
            new InProcessStoreChangePublisher(),
            new InMemoryStickySessionRepository(),
            new InMemoryAdminAuthRepository(),
            new InMemoryAuditLogRepository(),
            new InMemoryUsageHistoryRepository(),
            new InMemoryJobLease()),
        probe,
        () -> {
          closes.incrementAndGet();
          return CompletableFuture.completedFuture(null);
        });
  }
}
