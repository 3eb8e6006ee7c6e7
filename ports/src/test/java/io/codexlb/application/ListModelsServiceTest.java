package io.codexlb.application;

import static io.codexlb.port.out.FakeModelCatalogClient.catalog;
import static io.codexlb.port.out.FakeModelCatalogClient.unavailable;
import static io.codexlb.port.out.Stages.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.codexlb.domain.key.ApiKey;
import io.codexlb.domain.key.ApiKeyGenerator;
import io.codexlb.domain.key.ApiKeyId;
import io.codexlb.domain.key.KeyValidation;
import io.codexlb.domain.key.PlainApiKey;
import io.codexlb.port.in.ListModelsQuery;
import io.codexlb.port.in.ListModelsResult;
import io.codexlb.port.out.FakeModelCatalogClient;
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
import io.codexlb.port.out.ModelCatalogReply;
import io.codexlb.port.out.MovableClock;
import io.codexlb.port.out.ReversingSecretCipher;
import io.codexlb.port.out.StorePorts;
import io.codexlb.port.out.StoredApiKey;
import io.codexlb.port.out.TestAccounts;
import io.codexlb.port.out.UpstreamCredentials;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ListModelsServiceTest {

  private static final Instant NOW = Instant.parse("2026-11-27T12:00:00Z");
  private static final Duration REFRESH = Duration.ofMinutes(10);
  private static final List<String> FALLBACK = List.of("gpt-5.2", "gpt-5.1-codex", "gpt-5.1-mini");

  private final MovableClock clock = new MovableClock(NOW);
  private final ReversingSecretCipher cipher = new ReversingSecretCipher();
  private final InMemoryAccountRepository accounts = new InMemoryAccountRepository();
  private final InMemorySettingsRepository settings = new InMemorySettingsRepository();
  private final InMemoryApiKeyRepository keys = new InMemoryApiKeyRepository();
  private final InProcessStoreChangePublisher changes = new InProcessStoreChangePublisher();
  private final FakeModelCatalogClient upstream = new FakeModelCatalogClient();
  private final PlainApiKey plainKey = ApiKeyGenerator.using(new SplittableRandom(7)).generate();

  private AccountPool pool;

  private ListModelsService start(Set<String> allowedModels, String... accountIds) {
    return start(allowedModels, Duration.ofSeconds(5), accountIds);
  }

  private ListModelsService start(
      Set<String> allowedModels, Duration firstFetchWait, String... accountIds) {
    for (String id : accountIds) {
      await(accounts.save(TestAccounts.active(id, cipher)));
    }
    ApiKey key = ApiKey.create(new ApiKeyId("key-1"), "test", plainKey, null, allowedModels, NOW);
    await(keys.create(new StoredApiKey(key, List.of())));
    pool =
        await(
            AccountPool.start(
                new StorePorts(
                    accounts,
                    keys,
                    settings,
                    new InMemoryRequestLogRepository(),
                    new InMemoryStoreMetadataRepository(),
                    changes,
                    new InMemoryStickySessionRepository(),
                    new InMemoryAdminAuthRepository(),
                    new InMemoryAuditLogRepository(),
                    new InMemoryUsageHistoryRepository(),
                    new InMemoryJobLease()),
                cipher,
                new SplittableRandom(3),
                clock));
    return new ListModelsService(
        await(AuthenticateApiKeyService.start(keys, changes)),
        pool,
        upstream,
        new ListModelsService.Settings(FALLBACK, REFRESH, firstFetchWait),
        clock);
  }

  private CompletionStage<ListModelsResult> list(ListModelsService service) {
    return service.list(new ListModelsQuery(Optional.of(plainKey.reveal()), clock.instant()));
  }

  private static ListModelsResult.Listed listed(CompletionStage<ListModelsResult> outcome) {
    ListModelsResult result = await(outcome);
    assertThat(result).isInstanceOf(ListModelsResult.Listed.class);
    return (ListModelsResult.Listed) result;
  }

  private static List<String> ids(ListModelsResult.Listed listed) {
    return listed.models().stream().map(ListModelsResult.Model::id).toList();
  }

  private long inFlight() {
    return pool.explain(clock.instant()).stream().mapToLong(line -> line.inFlight()).sum();
  }

  @Test
  void aKeyThatDoesNotAuthenticateIsRefusedWithoutAFetch() {
    ListModelsService service = start(Set.of(), "acct-1");

    ListModelsResult result =
        await(service.list(new ListModelsQuery(Optional.of("sk-clb-unknown"), NOW)));

    assertThat(result).isInstanceOf(ListModelsResult.Refused.class);
    assertThat(((ListModelsResult.Refused) result).validation())
        .isNotInstanceOf(KeyValidation.Valid.class);
    assertThat(upstream.fetches()).isEmpty();
  }

  @Test
  void aMissingKeyIsRefusedAsMissing() {
    ListModelsService service = start(Set.of(), "acct-1");

    ListModelsResult result = await(service.list(new ListModelsQuery(Optional.empty(), NOW)));

    assertThat(result).isEqualTo(new ListModelsResult.Refused(KeyValidation.Missing.INSTANCE));
  }

  @Test
  void listsTheCatalogWithEachEntryAsUpstreamSentIt() {
    ListModelsService service = start(Set.of(), "acct-1");

    ListModelsResult.Listed listed = listed(list(service));

    assertThat(listed.fromCatalog()).isTrue();
    assertThat(listed.models())
        .containsExactly(
            new ListModelsResult.Model(
                "gpt-5.1-codex", Optional.of("{\"slug\":\"gpt-5.1-codex\"}")),
            new ListModelsResult.Model("gpt-5.1", Optional.of("{\"slug\":\"gpt-5.1\"}")));
  }

  @Test
  void fetchesAsAPooledAccountAndReleasesItAfterwards() {
    ListModelsService service = start(Set.of(), "acct-1");

    listed(list(service));

    assertThat(upstream.fetches())
        .containsExactly(new UpstreamCredentials("access-acct-1", "chatgpt-acct-1"));
    assertThat(inFlight()).isZero();
  }

  @Test
  void keepsOnlyTheModelsTheKeyAllows() {
    ListModelsService service = start(Set.of("gpt-5.1", "not-in-catalog"), "acct-1");

    assertThat(ids(listed(list(service)))).containsExactly("gpt-5.1");
  }

  @Test
  void aSlugListedTwiceUpstreamIsListedOnce() {
    upstream.answers(catalog(List.of("gpt-5.1", "gpt-5.2", "gpt-5.1")));
    ListModelsService service = start(Set.of(), "acct-1");

    assertThat(ids(listed(list(service)))).containsExactly("gpt-5.1", "gpt-5.2");
  }

  @Test
  void withinTheRefreshIntervalTheCachedCatalogAnswersWithoutAFetch() {
    ListModelsService service = start(Set.of(), "acct-1");
    listed(list(service));
    upstream.answers(catalog(List.of("gpt-6")));
    clock.advance(REFRESH.minusSeconds(1));

    ListModelsResult.Listed again = listed(list(service));

    assertThat(ids(again)).containsExactly("gpt-5.1-codex", "gpt-5.1");
    assertThat(upstream.fetches()).hasSize(1);
  }

  @Test
  void aStaleCatalogAnswersAtOnceWhileOneRefreshRunsBehindIt() {
    ListModelsService service = start(Set.of(), "acct-1");
    listed(list(service));
    CompletableFuture<ModelCatalogReply> refresh = upstream.pending();
    clock.advance(REFRESH);

    CompletionStage<ListModelsResult> first = list(service);
    CompletionStage<ListModelsResult> second = list(service);

    assertThat(ids(listed(first))).containsExactly("gpt-5.1-codex", "gpt-5.1");
    assertThat(ids(listed(second))).containsExactly("gpt-5.1-codex", "gpt-5.1");
    assertThat(upstream.fetches()).hasSize(2);
    refresh.complete(catalog(List.of("gpt-6")));
    assertThat(ids(listed(list(service)))).containsExactly("gpt-6");
    assertThat(upstream.fetches()).hasSize(2);
  }

  @Test
  void requestsWaitingForTheFirstCatalogShareOneFetch() {
    ListModelsService service = start(Set.of(), "acct-1");
    CompletableFuture<ModelCatalogReply> first = upstream.pending();

    CompletionStage<ListModelsResult> a = list(service);
    CompletionStage<ListModelsResult> b = list(service);
    assertThat(a.toCompletableFuture()).isNotDone();
    first.complete(catalog(List.of("gpt-6")));

    assertThat(ids(listed(a))).containsExactly("gpt-6");
    assertThat(ids(listed(b))).containsExactly("gpt-6");
    assertThat(upstream.fetches()).hasSize(1);
  }

  @Test
  void whenTheCatalogCannotBeHadTheConfiguredListAnswersFilteredByTheKey() {
    upstream.answers(unavailable());
    ListModelsService service = start(Set.of("gpt-5.2", "gpt-5.1-mini"), "acct-1");

    ListModelsResult.Listed listed = listed(list(service));

    assertThat(listed.fromCatalog()).isFalse();
    assertThat(listed.models())
        .containsExactly(
            new ListModelsResult.Model("gpt-5.2", Optional.empty()),
            new ListModelsResult.Model("gpt-5.1-mini", Optional.empty()));
  }

  @Test
  void manyConcurrentRequestsForAStaleCatalogStartOneRefresh() throws Exception {
    ListModelsService service = start(Set.of(), "acct-1");
    listed(list(service));
    CompletableFuture<ModelCatalogReply> refresh = upstream.pending();
    clock.advance(REFRESH);
    int threads = 16;
    CountDownLatch go = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<ListModelsResult>> answers = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        answers.add(
            pool.submit(
                () -> {
                  go.await();
                  return await(list(service));
                }));
      }
      go.countDown();
      for (Future<ListModelsResult> answer : answers) {
        assertThat(answer.get(10, TimeUnit.SECONDS)).isInstanceOf(ListModelsResult.Listed.class);
      }
    } finally {
      pool.shutdownNow();
    }

    assertThat(upstream.fetches()).hasSize(2);
    refresh.complete(catalog(List.of("gpt-6")));
    assertThat(inFlight()).isZero();
  }

  @Test
  void aFailedFetchIsRetriedOnlyAfterTheRetryInterval() {
    upstream.then(unavailable());
    ListModelsService service = start(Set.of(), "acct-1");
    assertThat(listed(list(service)).fromCatalog()).isFalse();

    clock.advance(Duration.ofSeconds(59));
    assertThat(listed(list(service)).fromCatalog()).isFalse();
    assertThat(upstream.fetches()).hasSize(1);

    clock.advance(Duration.ofSeconds(1));
    list(service);
    assertThat(upstream.fetches()).hasSize(2);
    assertThat(listed(list(service)).fromCatalog()).isTrue();
  }

  @Test
  void aFailedRefreshKeepsTheCatalogItHad() {
    ListModelsService service = start(Set.of(), "acct-1");
    listed(list(service));
    upstream.answers(unavailable());
    clock.advance(REFRESH);

    list(service);
    ListModelsResult.Listed afterFailure = listed(list(service));

    assertThat(afterFailure.fromCatalog()).isTrue();
    assertThat(ids(afterFailure)).containsExactly("gpt-5.1-codex", "gpt-5.1");
  }

  @Test
  void anEmptyCatalogIsTreatedAsNoCatalog() {
    upstream.answers(catalog(List.of()));
    ListModelsService service = start(Set.of(), "acct-1");

    ListModelsResult.Listed listed = listed(list(service));

    assertThat(listed.fromCatalog()).isFalse();
    assertThat(ids(listed)).isEqualTo(FALLBACK);
  }

  @Test
  void withoutAnAccountTheConfiguredListAnswersAndNothingIsFetched() {
    ListModelsService service = start(Set.of());

    ListModelsResult.Listed listed = listed(list(service));

    assertThat(ids(listed)).isEqualTo(FALLBACK);
    assertThat(upstream.fetches()).isEmpty();
  }

  @Test
  void aFirstFetchSlowerThanTheWaitIsAnsweredWithTheConfiguredListAndStillFillsTheCache() {
    ListModelsService service = start(Set.of(), Duration.ZERO, "acct-1");
    CompletableFuture<ModelCatalogReply> slow = upstream.pending();

    ListModelsResult.Listed meanwhile = listed(list(service));
    slow.complete(catalog(List.of("gpt-6")));

    assertThat(meanwhile.fromCatalog()).isFalse();
    assertThat(ids(listed(list(service)))).containsExactly("gpt-6");
    assertThat(upstream.fetches()).hasSize(1);
  }

  @Test
  void settingsRefuseBadValuesNamingThem() {
    assertThatThrownBy(
            () -> new ListModelsService.Settings(List.of("a", "a"), REFRESH, Duration.ZERO))
        .hasMessageStartingWith("fallbackModels: [a, a] (expected:");
    assertThatThrownBy(
            () -> new ListModelsService.Settings(List.of("a"), Duration.ZERO, Duration.ZERO))
        .hasMessage("refreshInterval: PT0S (expected: > 0)");
    assertThatThrownBy(
            () -> new ListModelsService.Settings(List.of(), REFRESH, Duration.ofSeconds(-1)))
        .hasMessage("firstFetchWait: PT-1S (expected: >= 0)");
  }

  @Test
  void theQueryNeverPrintsItsKey() {
    ListModelsQuery query = new ListModelsQuery(Optional.of(plainKey.reveal()), NOW);

    assertThat(query.toString()).doesNotContain(plainKey.reveal()).contains("***");
  }
}
