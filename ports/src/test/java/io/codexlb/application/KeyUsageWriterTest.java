package io.codexlb.application;

import static io.codexlb.port.out.Stages.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.codexlb.domain.key.ApiKey;
import io.codexlb.domain.key.ApiKeyGenerator;
import io.codexlb.domain.key.ApiKeyId;
import io.codexlb.domain.limit.KeyLimit;
import io.codexlb.domain.limit.LimitType;
import io.codexlb.domain.limit.LimitWindow;
import io.codexlb.port.out.ApiKeyRepository;
import io.codexlb.port.out.InMemoryApiKeyRepository;
import io.codexlb.port.out.MovableClock;
import io.codexlb.port.out.StoredApiKey;
import io.codexlb.port.out.UsageDelta;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class KeyUsageWriterTest {

  private static final Instant NOW = Instant.parse("2026-12-06T12:00:00Z");
  private static final ApiKeyId KEY = new ApiKeyId("k1");

  private final InMemoryApiKeyRepository stored = new InMemoryApiKeyRepository();
  private final AtomicBoolean down = new AtomicBoolean();
  private final AtomicInteger writes = new AtomicInteger();
  private final List<List<KeyLimit>> adopted = new ArrayList<>();
  private final KeyUsageWriter writer =
      new KeyUsageWriter(flaky(), new MovableClock(NOW), (id, limits) -> adopted.add(limits));

  /** The in-memory store, whose usage writes fail while {@link #down}. */
  private ApiKeyRepository flaky() {
    return (ApiKeyRepository)
        Proxy.newProxyInstance(
            ApiKeyRepository.class.getClassLoader(),
            new Class<?>[] {ApiKeyRepository.class},
            (proxy, method, args) -> {
              if (method.getName().equals("addUsage")) {
                writes.incrementAndGet();
                if (down.get()) {
                  return CompletableFuture.failedFuture(new IllegalStateException("store down"));
                }
              }
              try {
                return method.invoke(stored, args);
              } catch (InvocationTargetException e) {
                throw e.getCause();
              }
            });
  }

  private void provision() {
    ApiKey key =
        ApiKey.create(
            KEY,
            "test",
            ApiKeyGenerator.using(new SplittableRandom(1)).generate(),
            null,
            Set.of(),
            NOW);
    await(
        stored.create(
            new StoredApiKey(
                key, List.of(KeyLimit.fresh(LimitType.REQUESTS, LimitWindow.DAILY, 100, NOW)))));
  }

  private long storedRequests() {
    return await(stored.find(KEY)).orElseThrow().limits().get(0).currentValue();
  }

  private static List<UsageDelta> oneRequest() {
    return List.of(new UsageDelta(LimitType.REQUESTS, LimitWindow.DAILY, 1));
  }

  @Test
  void usageIsWrittenAtOnceAndTheStoredLimitsAreHandedOn() {
    provision();

    writer.add(KEY, oneRequest());
    writer.add(KEY, oneRequest());
    await(writer.flushed());

    assertThat(storedRequests()).isEqualTo(2);
    assertThat(writer.pendingKeys()).isZero();
    assertThat(adopted).isNotEmpty();
    assertThat(adopted.get(adopted.size() - 1).get(0).currentValue()).isEqualTo(2);
  }

  @Test
  void aFailedWriteIsKeptAndTheTickWritesItWithoutMoreTraffic() {
    provision();
    down.set(true);
    writer.add(KEY, oneRequest());
    writer.add(KEY, oneRequest());
    await(writer.flushed());
    assertThat(writer.pendingKeys()).as("kept after the failure").isEqualTo(1);
    assertThat(storedRequests()).isZero();

    down.set(false);
    // The data plane's 1 s tick: no more usage arrives, the kept usage is written all the same.
    await(writer.flushed());
    await(writer.flushed());

    assertThat(storedRequests()).isEqualTo(2);
    assertThat(writer.pendingKeys()).isZero();
  }

  @Test
  void aFailedWriteIsNotRetriedAtOnceSoADownStoreIsNotHammered() {
    provision();
    down.set(true);
    writer.add(KEY, oneRequest());

    assertThat(writes.get()).as("the failed write is not repeated at once").isEqualTo(1);
    assertThat(writer.pendingKeys()).isEqualTo(1);
    await(writer.flushed());
    assertThat(writes.get()).as("one more try per tick").isEqualTo(2);
  }
}
