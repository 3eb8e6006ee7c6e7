package io.codexlb.adapter.postgres;

import static io.codexlb.adapter.postgres.StoreFixture.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.codexlb.adapter.postgres.testing.TestPools;
import io.codexlb.application.AuthenticateApiKeyService;
import io.codexlb.domain.key.ApiKey;
import io.codexlb.domain.key.ApiKeyGenerator;
import io.codexlb.domain.key.ApiKeyId;
import io.codexlb.domain.key.KeyHash;
import io.codexlb.domain.key.KeyValidation;
import io.codexlb.domain.key.PlainApiKey;
import io.codexlb.domain.limit.KeyLimit;
import io.codexlb.domain.limit.LimitType;
import io.codexlb.domain.limit.LimitWindow;
import io.codexlb.domain.settings.RoutingSettings;
import io.codexlb.port.out.KeyFingerprintCheck;
import io.codexlb.port.out.SettingsSave;
import io.codexlb.port.out.StoredApiKey;
import io.codexlb.port.out.UsageDelta;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CompletionStage;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two instances of codex-lb on one database, each with its own pool: what one writes the other
 * never overwrites unseen, and usage counted by both adds up exactly.
 */
class PostgresSharedStoreTest {

  @RegisterExtension static final TestPools pools = new TestPools();

  private static final Instant NOW = Instant.parse("2026-11-27T12:00:00.123456Z");
  private static final ApiKeyId KEY_ID = new ApiKeyId("key-1");

  private PostgresStore first;
  private PostgresStore second;

  @BeforeEach
  void twoInstances() throws Exception {
    StoreFixture fixture = StoreFixture.inNewSchema(pools);
    first = fixture.openInstance();
    second = fixture.openInstance();
  }

  @Test
  void aKeyDisabledOnOneInstanceIsRefusedByTheOtherWithinASecond() throws Exception {
    PlainApiKey plain = ApiKeyGenerator.using(new SplittableRandom(15)).generate();
    ApiKey key = ApiKey.create(KEY_ID, "live", plain, null, Set.of(), NOW);
    AuthenticateApiKeyService onSecond =
        await(AuthenticateApiKeyService.start(second.ports().apiKeys(), second.ports().changes()));
    await(first.ports().apiKeys().create(new StoredApiKey(key, List.of())));
    Awaitility.await()
        .atMost(Duration.ofSeconds(1))
        .until(() -> onSecond.authenticate(plain.reveal(), NOW).valid());

    await(first.ports().apiKeys().update(key.withActive(false)));

    Awaitility.await()
        .atMost(Duration.ofSeconds(1))
        .untilAsserted(
            () ->
                assertThat(onSecond.authenticate(plain.reveal(), NOW))
                    .isInstanceOf(KeyValidation.Inactive.class));
  }

  @Test
  void usageSettledConcurrentlyThroughTwoPoolsAddsUpExactly() throws Exception {
    KeyLimit tokens = KeyLimit.fresh(LimitType.TOTAL_TOKENS, LimitWindow.DAILY, 1_000_000, NOW);
    KeyLimit requests = KeyLimit.fresh(LimitType.REQUESTS, LimitWindow.MINUTE, 1_000_000, NOW);
    assertThat(
            await(
                first.ports().apiKeys().create(new StoredApiKey(key(), List.of(tokens, requests)))))
        .isTrue();
    int perInstance = 500;
    long expectedTokens = 0;

    List<CompletionStage<List<KeyLimit>>> settling = new ArrayList<>();
    for (int i = 0; i < perInstance; i++) {
      for (PostgresStore instance : List.of(first, second)) {
        long amount = 1 + (i % 7);
        expectedTokens += amount;
        settling.add(
            instance
                .ports()
                .apiKeys()
                .addUsage(
                    KEY_ID,
                    List.of(
                        new UsageDelta(LimitType.REQUESTS, LimitWindow.MINUTE, 1),
                        new UsageDelta(LimitType.TOTAL_TOKENS, LimitWindow.DAILY, amount)),
                    NOW));
      }
    }
    for (CompletionStage<List<KeyLimit>> stage : settling) {
      assertThat(await(stage)).hasSize(2);
    }

    List<KeyLimit> stored = await(second.ports().apiKeys().find(KEY_ID)).orElseThrow().limits();
    assertThat(stored)
        .containsExactly(
            new KeyLimit(
                LimitType.TOTAL_TOKENS,
                LimitWindow.DAILY,
                1_000_000,
                expectedTokens,
                tokens.resetAt()),
            new KeyLimit(
                LimitType.REQUESTS,
                LimitWindow.MINUTE,
                1_000_000,
                2L * perInstance,
                requests.resetAt()));
  }

  @Test
  void usageRacingAcrossAWindowBoundaryStartsTheNewWindowOnce() throws Exception {
    KeyLimit minute = KeyLimit.fresh(LimitType.REQUESTS, LimitWindow.MINUTE, 1_000, NOW);
    await(first.ports().apiKeys().create(new StoredApiKey(key(), List.of(minute))));
    await(first.ports().apiKeys().addUsage(KEY_ID, List.of(requests(40)), NOW));
    Instant nextMinute = minute.resetAt().plusSeconds(1);

    List<CompletionStage<List<KeyLimit>>> settling = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      PostgresStore instance = i % 2 == 0 ? first : second;
      settling.add(instance.ports().apiKeys().addUsage(KEY_ID, List.of(requests(1)), nextMinute));
    }
    for (CompletionStage<List<KeyLimit>> stage : settling) {
      await(stage);
    }

    KeyLimit stored = await(first.ports().apiKeys().find(KEY_ID)).orElseThrow().limits().get(0);
    assertThat(stored.currentValue()).isEqualTo(100);
    assertThat(stored.resetAt()).isEqualTo(LimitWindow.MINUTE.resetAfter(nextMinute));
  }

  @Test
  void settingsSavedRacingFromTwoPoolsHaveExactlyOneWinnerPerVersion() throws Exception {
    int rounds = 20;
    for (int version = 0; version < rounds; version++) {
      RoutingSettings base = await(first.ports().settings().load());
      assertThat(base.version()).isEqualTo(version);
      CompletionStage<SettingsSave> fromFirst =
          first.ports().settings().save(withStreamLimit(base, 10));
      CompletionStage<SettingsSave> fromSecond =
          second.ports().settings().save(withStreamLimit(base, 20));

      List<SettingsSave> outcomes = List.of(await(fromFirst), await(fromSecond));

      assertThat(outcomes).filteredOn(SettingsSave.Saved.class::isInstance).hasSize(1);
      SettingsSave.Conflict conflict =
          (SettingsSave.Conflict)
              outcomes.stream().filter(SettingsSave.Conflict.class::isInstance).findFirst().get();
      assertThat(conflict.current().version()).isEqualTo(version + 1);
    }
    assertThat(await(second.ports().settings().load()).version()).isEqualTo(rounds);
  }

  @Test
  void fingerprintsClaimedTogetherByTwoInstancesHaveOneWinner() throws Exception {
    CompletionStage<KeyFingerprintCheck> fromFirst =
        first.ports().metadata().claimKeyFingerprint("aaa");
    CompletionStage<KeyFingerprintCheck> fromSecond =
        second.ports().metadata().claimKeyFingerprint("bbb");

    List<KeyFingerprintCheck> outcomes = List.of(await(fromFirst), await(fromSecond));

    assertThat(outcomes).filteredOn(KeyFingerprintCheck.Claimed.class::isInstance).hasSize(1);
    assertThat(outcomes).filteredOn(KeyFingerprintCheck.Mismatch.class::isInstance).hasSize(1);
  }

  private static RoutingSettings withStreamLimit(RoutingSettings base, int limit) {
    return new RoutingSettings(
        base.routingStrategy(),
        base.preferEarlierReset(),
        base.stickyThreadsEnabled(),
        base.stickyTtl(),
        limit,
        base.accountInflightPenaltyPct(),
        base.requestLogRetentionDays(),
        base.version());
  }

  private static UsageDelta requests(long amount) {
    return new UsageDelta(LimitType.REQUESTS, LimitWindow.MINUTE, amount);
  }

  private static ApiKey key() {
    return new ApiKey(
        KEY_ID,
        "shared",
        KeyHash.of("sk-clb-shared"),
        "sk-clb-shar",
        true,
        null,
        Set.of(),
        NOW,
        null);
  }
}
