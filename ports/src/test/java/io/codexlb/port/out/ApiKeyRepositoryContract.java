package io.codexlb.port.out;

import static io.codexlb.port.out.Stages.await;
import static org.assertj.core.api.Assertions.assertThat;

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
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@link ApiKeyRepository}. An adapter's test extends this class and returns a
 * fresh, empty repository from {@link #newRepository()} for each test.
 */
public abstract class ApiKeyRepositoryContract {

  /** A Tuesday, in the middle of a daily window ending at midnight UTC. */
  private static final Instant NOW = Instant.parse("2026-03-03T12:00:00.250Z");

  private static final Instant MIDNIGHT = Instant.parse("2026-03-04T00:00:00Z");

  /** A repository over an empty store. */
  protected abstract ApiKeyRepository newRepository() throws Exception;

  static ApiKey key(String id) {
    return new ApiKey(
        new ApiKeyId(id),
        "key " + id,
        KeyHash.of("sk-clb-" + id),
        "sk-clb-" + id.substring(0, Math.min(id.length(), 8)),
        true,
        null,
        Set.of(),
        NOW.minusSeconds(60),
        null);
  }

  static KeyLimit dailyTokens(long max) {
    return KeyLimit.fresh(LimitType.TOTAL_TOKENS, LimitWindow.DAILY, max, NOW);
  }

  @Test
  void aCreatedKeyReadsBackEqualByIdAndByHash() throws Exception {
    ApiKeyRepository repository = newRepository();
    ApiKey full =
        new ApiKey(
            new ApiKeyId("k1"),
            "ci pipeline",
            KeyHash.of("sk-clb-secret-text"),
            "sk-clb-abcdefgh",
            false,
            Instant.parse("2027-01-01T00:00:00Z"),
            Set.of("gpt-5.4", "gpt-5.5-codex"),
            NOW,
            NOW.plusSeconds(5));
    StoredApiKey stored =
        new StoredApiKey(
            full,
            List.of(
                dailyTokens(1_000),
                KeyLimit.fresh(LimitType.COST_USD, LimitWindow.MONTHLY, 5_000_000, NOW)));

    assertThat(await(repository.create(stored))).isTrue();

    StoredApiKey byId = await(repository.find(full.id())).orElseThrow();
    assertThat(byId.key()).isEqualTo(full);
    assertThat(byId.limits()).containsExactlyInAnyOrderElementsOf(stored.limits());
    assertThat(await(repository.findByHash(KeyHash.of("sk-clb-secret-text")))).contains(byId);
    assertThat(await(repository.findByHash(KeyHash.of("sk-clb-other")))).isEmpty();
  }

  @Test
  void creatingADuplicateIdOrHashChangesNothing() throws Exception {
    ApiKeyRepository repository = newRepository();
    StoredApiKey original = new StoredApiKey(key("k1"), List.of(dailyTokens(10)));
    await(repository.create(original));

    ApiKey sameHash =
        new ApiKey(
            new ApiKeyId("k2"),
            "copy",
            original.key().hash(),
            "sk-clb-k2",
            true,
            null,
            Set.of(),
            NOW,
            null);

    assertThat(await(repository.create(new StoredApiKey(key("k1"), List.of())))).isFalse();
    assertThat(await(repository.create(new StoredApiKey(sameHash, List.of())))).isFalse();
    assertThat(await(repository.findAll())).hasSize(1);
    assertThat(await(repository.find(new ApiKeyId("k1"))).orElseThrow().limits()).hasSize(1);
  }

  @Test
  void findAllIsOrderedById() throws Exception {
    ApiKeyRepository repository = newRepository();
    for (String id : List.of("k3", "k1", "k2")) {
      await(repository.create(new StoredApiKey(key(id), List.of())));
    }

    assertThat(await(repository.findAll()))
        .extracting(stored -> stored.key().id().value())
        .containsExactly("k1", "k2", "k3");
  }

  @Test
  void updateReplacesTheKeysFieldsButNotItsLimits() throws Exception {
    ApiKeyRepository repository = newRepository();
    await(repository.create(new StoredApiKey(key("k1"), List.of(dailyTokens(10)))));
    ApiKey changed = key("k1").withActive(false).usedAt(NOW);

    assertThat(await(repository.update(changed))).isTrue();
    assertThat(await(repository.update(key("missing")))).isFalse();

    StoredApiKey stored = await(repository.find(new ApiKeyId("k1"))).orElseThrow();
    assertThat(stored.key()).isEqualTo(changed);
    assertThat(stored.limits()).containsExactly(dailyTokens(10));
  }

  @Test
  void updateWithANewHashFindsTheKeyByTheNewHashOnly() throws Exception {
    ApiKeyRepository repository = newRepository();
    await(repository.create(new StoredApiKey(key("k1"), List.of(dailyTokens(10)))));
    ApiKey old = key("k1");
    ApiKey regenerated =
        new ApiKey(
            old.id(),
            old.name(),
            KeyHash.of("sk-clb-regenerated"),
            "sk-clb-regen",
            true,
            null,
            Set.of(),
            old.createdAt(),
            null);

    assertThat(await(repository.update(regenerated))).isTrue();

    assertThat(await(repository.findByHash(old.hash()))).isEmpty();
    StoredApiKey found = await(repository.findByHash(regenerated.hash())).orElseThrow();
    assertThat(found.key()).isEqualTo(regenerated);
    assertThat(found.limits()).containsExactly(dailyTokens(10));
  }

  @Test
  void deleteRemovesTheKeyAndItsLimits() throws Exception {
    ApiKeyRepository repository = newRepository();
    await(repository.create(new StoredApiKey(key("k1"), List.of(dailyTokens(10)))));

    assertThat(await(repository.delete(new ApiKeyId("k1")))).isTrue();
    assertThat(await(repository.delete(new ApiKeyId("k1")))).isFalse();
    assertThat(await(repository.find(new ApiKeyId("k1")))).isEmpty();
    // The same id can be used again: nothing of the old key's limits lingers.
    await(repository.create(new StoredApiKey(key("k1"), List.of())));
    assertThat(await(repository.find(new ApiKeyId("k1"))).orElseThrow().limits()).isEmpty();
  }

  @Test
  void putLimitAddsANewLimitOrChangesOnlyTheMaxOfAnExistingOne() throws Exception {
    ApiKeyRepository repository = newRepository();
    ApiKeyId id = new ApiKeyId("k1");
    await(repository.create(new StoredApiKey(key("k1"), List.of(dailyTokens(100)))));
    await(repository.addUsage(id, List.of(tokens(LimitWindow.DAILY, 40)), NOW));
    KeyLimit requests = KeyLimit.fresh(LimitType.REQUESTS, LimitWindow.MINUTE, 5, NOW);

    assertThat(await(repository.putLimit(id, requests))).isTrue();
    assertThat(await(repository.putLimit(id, dailyTokens(500)))).isTrue();
    assertThat(await(repository.putLimit(new ApiKeyId("missing"), requests))).isFalse();

    assertThat(await(repository.find(id)).orElseThrow().limits())
        .containsExactlyInAnyOrder(
            new KeyLimit(LimitType.TOTAL_TOKENS, LimitWindow.DAILY, 500, 40, MIDNIGHT), requests);
  }

  @Test
  void removeLimitRemovesOneLimitAndSaysWhetherItExisted() throws Exception {
    ApiKeyRepository repository = newRepository();
    ApiKeyId id = new ApiKeyId("k1");
    KeyLimit requests = KeyLimit.fresh(LimitType.REQUESTS, LimitWindow.HOURLY, 5, NOW);
    await(repository.create(new StoredApiKey(key("k1"), List.of(dailyTokens(100), requests))));

    assertThat(await(repository.removeLimit(id, LimitType.TOTAL_TOKENS, LimitWindow.DAILY)))
        .isTrue();
    assertThat(await(repository.removeLimit(id, LimitType.TOTAL_TOKENS, LimitWindow.DAILY)))
        .isFalse();
    assertThat(await(repository.find(id)).orElseThrow().limits()).containsExactly(requests);
  }

  @Test
  void addUsageCountsInTheCurrentWindowAndReturnsTheStoredLimits() throws Exception {
    ApiKeyRepository repository = newRepository();
    ApiKeyId id = new ApiKeyId("k1");
    KeyLimit requests = KeyLimit.fresh(LimitType.REQUESTS, LimitWindow.DAILY, 10, NOW);
    await(repository.create(new StoredApiKey(key("k1"), List.of(dailyTokens(1_000), requests))));

    await(repository.addUsage(id, List.of(tokens(LimitWindow.DAILY, 300)), NOW));
    List<KeyLimit> after =
        await(
            repository.addUsage(
                id,
                List.of(
                    tokens(LimitWindow.DAILY, 200),
                    new UsageDelta(LimitType.REQUESTS, LimitWindow.DAILY, 1),
                    // The key has no weekly limit: ignored.
                    tokens(LimitWindow.WEEKLY, 999)),
                NOW.plusSeconds(1)));

    assertThat(after)
        .containsExactlyInAnyOrder(
            new KeyLimit(LimitType.TOTAL_TOKENS, LimitWindow.DAILY, 1_000, 500, MIDNIGHT),
            new KeyLimit(LimitType.REQUESTS, LimitWindow.DAILY, 10, 1, MIDNIGHT));
    assertThat(await(repository.find(id)).orElseThrow().limits())
        .containsExactlyInAnyOrderElementsOf(after);
  }

  @Test
  void addUsageStartsAPassedWindowFromZero() throws Exception {
    ApiKeyRepository repository = newRepository();
    ApiKeyId id = new ApiKeyId("k1");
    await(repository.create(new StoredApiKey(key("k1"), List.of(dailyTokens(1_000)))));
    await(repository.addUsage(id, List.of(tokens(LimitWindow.DAILY, 900)), NOW));

    // Exactly at the reset instant the window has passed.
    List<KeyLimit> next =
        await(repository.addUsage(id, List.of(tokens(LimitWindow.DAILY, 7)), MIDNIGHT));

    assertThat(next)
        .containsExactly(
            new KeyLimit(
                LimitType.TOTAL_TOKENS,
                LimitWindow.DAILY,
                1_000,
                7,
                Instant.parse("2026-03-05T00:00:00Z")));
  }

  @Test
  void negativeAmountsGiveUsageBackButNeverBelowZero() throws Exception {
    ApiKeyRepository repository = newRepository();
    ApiKeyId id = new ApiKeyId("k1");
    await(repository.create(new StoredApiKey(key("k1"), List.of(dailyTokens(1_000)))));
    await(repository.addUsage(id, List.of(tokens(LimitWindow.DAILY, 50)), NOW));

    assertThat(await(repository.addUsage(id, List.of(tokens(LimitWindow.DAILY, -20)), NOW)))
        .extracting(KeyLimit::currentValue)
        .containsExactly(30L);
    assertThat(await(repository.addUsage(id, List.of(tokens(LimitWindow.DAILY, -80)), NOW)))
        .extracting(KeyLimit::currentValue)
        .containsExactly(0L);
  }

  @Test
  void addUsageForAnUnknownKeyReturnsNothing() throws Exception {
    ApiKeyRepository repository = newRepository();

    assertThat(
            await(
                repository.addUsage(
                    new ApiKeyId("missing"), List.of(tokens(LimitWindow.DAILY, 1)), NOW)))
        .isEmpty();
  }

  @Test
  void concurrentUsageIsNeverLostOrCountedTwice() throws Exception {
    ApiKeyRepository repository = newRepository();
    ApiKeyId id = new ApiKeyId("k1");
    await(repository.create(new StoredApiKey(key("k1"), List.of(dailyTokens(1_000_000)))));
    int writers = 200;

    List<CompletableFuture<List<KeyLimit>>> all = new ArrayList<>();
    for (int i = 1; i <= writers; i++) {
      CompletionStage<List<KeyLimit>> stage =
          repository.addUsage(id, List.of(tokens(LimitWindow.DAILY, i)), NOW);
      all.add(stage.toCompletableFuture());
    }
    CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();

    long expected = (long) writers * (writers + 1) / 2;
    assertThat(await(repository.find(id)).orElseThrow().limits())
        .extracting(KeyLimit::currentValue)
        .containsExactly(expected);
  }

  @Test
  void resetUsageZeroesEveryLimitWithWindowsRestartedNow() throws Exception {
    ApiKeyRepository repository = newRepository();
    ApiKeyId id = new ApiKeyId("k1");
    KeyLimit hourly = KeyLimit.fresh(LimitType.REQUESTS, LimitWindow.HOURLY, 10, NOW);
    await(repository.create(new StoredApiKey(key("k1"), List.of(dailyTokens(1_000), hourly))));
    await(
        repository.addUsage(
            id,
            List.of(
                tokens(LimitWindow.DAILY, 600),
                new UsageDelta(LimitType.REQUESTS, LimitWindow.HOURLY, 9)),
            NOW));
    Instant later = NOW.plusSeconds(7_200);

    assertThat(await(repository.resetUsage(id, later))).isTrue();
    assertThat(await(repository.resetUsage(new ApiKeyId("missing"), later))).isFalse();

    assertThat(await(repository.find(id)).orElseThrow().limits())
        .containsExactlyInAnyOrder(
            KeyLimit.fresh(LimitType.TOTAL_TOKENS, LimitWindow.DAILY, 1_000, later),
            KeyLimit.fresh(LimitType.REQUESTS, LimitWindow.HOURLY, 10, later));
  }

  @Test
  void touchLastUsedKeepsTheLaterInstantAndSkipsUnknownKeys() throws Exception {
    ApiKeyRepository repository = newRepository();
    await(repository.create(new StoredApiKey(key("k1"), List.of())));
    ApiKeyId id = new ApiKeyId("k1");

    await(repository.touchLastUsed(Map.of(id, NOW.plusSeconds(10), new ApiKeyId("gone"), NOW)));
    await(repository.touchLastUsed(Map.of(id, NOW.plusSeconds(5))));

    assertThat(await(repository.find(id)).orElseThrow().key().lastUsedAt())
        .isEqualTo(NOW.plusSeconds(10));
    assertThat(await(repository.find(new ApiKeyId("gone")))).isEmpty();
  }

  private static UsageDelta tokens(LimitWindow window, long amount) {
    return new UsageDelta(LimitType.TOTAL_TOKENS, window, amount);
  }

  @Test
  void changeWritesTheFieldsTheLimitsAndTheResetTogether() throws Exception {
    ApiKeyRepository repository = newRepository();
    ApiKeyId id = new ApiKeyId("k1");
    KeyLimit hourly = KeyLimit.fresh(LimitType.REQUESTS, LimitWindow.HOURLY, 10, NOW);
    await(repository.create(new StoredApiKey(key("k1"), List.of(dailyTokens(1_000), hourly))));
    await(repository.addUsage(id, List.of(tokens(LimitWindow.DAILY, 600)), NOW));
    ApiKey before = await(repository.find(id)).orElseThrow().key();
    ApiKey renamed =
        new ApiKey(
            id,
            "renamed",
            KeyHash.of("sk-clb-ignored"),
            "sk-clb-ignored",
            false,
            Instant.parse("2027-01-01T00:00:00Z"),
            Set.of("gpt-5.4"),
            NOW.minusSeconds(1),
            NOW);
    KeyLimit monthlyCost = KeyLimit.fresh(LimitType.COST_USD, LimitWindow.MONTHLY, 5, NOW);

    boolean changed =
        await(
            repository.change(
                new ApiKeyChange(
                    renamed,
                    Optional.of(List.of(dailyTokens(2_000), monthlyCost)),
                    Optional.empty())));

    assertThat(changed).isTrue();
    StoredApiKey stored = await(repository.find(id)).orElseThrow();
    assertThat(stored.key().name()).isEqualTo("renamed");
    assertThat(stored.key().active()).isFalse();
    assertThat(stored.key().expiresAt()).isEqualTo(Instant.parse("2027-01-01T00:00:00Z"));
    assertThat(stored.key().allowedModels()).containsExactly("gpt-5.4");
    assertThat(stored.key().hash()).as("not written").isEqualTo(before.hash());
    assertThat(stored.key().displayPrefix()).isEqualTo(before.displayPrefix());
    assertThat(stored.key().createdAt()).isEqualTo(before.createdAt());
    assertThat(stored.key().lastUsedAt()).isEqualTo(before.lastUsedAt());
    assertThat(stored.limits())
        .as("hourly removed, daily keeps its count with the new max, monthly added")
        .containsExactlyInAnyOrder(
            new KeyLimit(LimitType.TOTAL_TOKENS, LimitWindow.DAILY, 2_000, 600, MIDNIGHT),
            monthlyCost);

    Instant later = NOW.plusSeconds(7_200);
    assertThat(
            await(
                repository.change(
                    new ApiKeyChange(stored.key(), Optional.empty(), Optional.of(later)))))
        .isTrue();
    assertThat(await(repository.find(id)).orElseThrow().limits())
        .containsExactlyInAnyOrder(
            KeyLimit.fresh(LimitType.TOTAL_TOKENS, LimitWindow.DAILY, 2_000, later),
            KeyLimit.fresh(LimitType.COST_USD, LimitWindow.MONTHLY, 5, later));
  }

  @Test
  void changeWithAnEmptyListRemovesEveryLimit() throws Exception {
    ApiKeyRepository repository = newRepository();
    await(repository.create(new StoredApiKey(key("k1"), List.of(dailyTokens(1_000)))));

    assertThat(
            await(
                repository.change(
                    new ApiKeyChange(key("k1"), Optional.of(List.of()), Optional.of(NOW)))))
        .isTrue();

    assertThat(await(repository.find(new ApiKeyId("k1"))).orElseThrow().limits()).isEmpty();
  }

  @Test
  void changeOfAnUnknownKeyChangesNothing() throws Exception {
    ApiKeyRepository repository = newRepository();
    await(repository.create(new StoredApiKey(key("k1"), List.of(dailyTokens(1_000)))));

    assertThat(
            await(
                repository.change(
                    new ApiKeyChange(
                        key("missing"), Optional.of(List.of(dailyTokens(5))), Optional.of(NOW)))))
        .isFalse();

    assertThat(await(repository.findAll())).hasSize(1);
    assertThat(await(repository.find(new ApiKeyId("missing")))).isEmpty();
  }
}
