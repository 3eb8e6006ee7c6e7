package io.codexlb.application;

import static io.codexlb.port.out.FakeUpstreamClient.completed;
import static io.codexlb.port.out.FakeUpstreamClient.completedEvent;
import static io.codexlb.port.out.FakeUpstreamClient.created;
import static io.codexlb.port.out.FakeUpstreamClient.delta;
import static io.codexlb.port.out.FakeUpstreamClient.failedEvent;
import static io.codexlb.port.out.FakeUpstreamClient.refused;
import static io.codexlb.port.out.FakeUpstreamClient.streaming;
import static io.codexlb.port.out.Stages.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.codexlb.domain.account.AccountId;
import io.codexlb.domain.account.AccountStatus;
import io.codexlb.domain.account.PermanentAuthFailure;
import io.codexlb.domain.key.ApiKey;
import io.codexlb.domain.key.ApiKeyGenerator;
import io.codexlb.domain.key.ApiKeyId;
import io.codexlb.domain.key.PlainApiKey;
import io.codexlb.domain.limit.KeyLimit;
import io.codexlb.domain.limit.LimitType;
import io.codexlb.domain.limit.LimitWindow;
import io.codexlb.domain.pricing.PriceTable;
import io.codexlb.domain.pricing.TokenUsage;
import io.codexlb.domain.upstream.UpstreamEvent;
import io.codexlb.domain.upstream.UpstreamFailure;
import io.codexlb.port.in.ProxyResponsesCommand;
import io.codexlb.port.in.ProxyResponsesResult;
import io.codexlb.port.in.ProxyResponsesResult.Refusal;
import io.codexlb.port.out.AccountRepository;
import io.codexlb.port.out.FakeTokenRefresher;
import io.codexlb.port.out.FakeUpstreamClient;
import io.codexlb.port.out.InMemoryAccountRepository;
import io.codexlb.port.out.InMemoryApiKeyRepository;
import io.codexlb.port.out.InMemoryRequestLogRepository;
import io.codexlb.port.out.InMemorySettingsRepository;
import io.codexlb.port.out.InMemoryStoreMetadataRepository;
import io.codexlb.port.out.InProcessStoreChangePublisher;
import io.codexlb.port.out.MovableClock;
import io.codexlb.port.out.RequestLog;
import io.codexlb.port.out.RequestLogQuery;
import io.codexlb.port.out.ReversingSecretCipher;
import io.codexlb.port.out.ScriptedEvents;
import io.codexlb.port.out.StoreChange;
import io.codexlb.port.out.StorePorts;
import io.codexlb.port.out.StoredApiKey;
import io.codexlb.port.out.TestAccounts;
import io.codexlb.port.out.TokenRefresh;
import java.lang.reflect.Proxy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import org.junit.jupiter.api.Test;

class ProxyServiceTest {

  private static final Instant NOW = Instant.parse("2026-11-27T12:00:00Z");
  private static final ApiKeyId KEY_ID = new ApiKeyId("key-1");

  private final MovableClock clock = new MovableClock(NOW);
  private final ReversingSecretCipher cipher = new ReversingSecretCipher();
  private final InMemoryAccountRepository accounts = new InMemoryAccountRepository();
  private final InMemorySettingsRepository settings = new InMemorySettingsRepository();
  private final InMemoryApiKeyRepository keys = new InMemoryApiKeyRepository();
  private final InMemoryRequestLogRepository logs = new InMemoryRequestLogRepository();
  private final InProcessStoreChangePublisher changes = new InProcessStoreChangePublisher();
  private final FakeUpstreamClient upstream = new FakeUpstreamClient();
  private final FakeTokenRefresher refresher = new FakeTokenRefresher();
  private final RequestLogWriter logWriter = new RequestLogWriter(logs, 100, 1_000);
  private final PlainApiKey plainKey = ApiKeyGenerator.using(new SplittableRandom(7)).generate();

  private AccountPool pool;
  private KeyLedgers ledgers;
  // The store the pool writes accounts to; a test may wrap it to make it fail.
  private AccountRepository accountStore = accounts;

  private ProxyService start(String... accountIds) {
    return start(Set.of(), List.of(), accountIds);
  }

  private ProxyService start(Set<String> allowedModels, List<KeyLimit> limits, String... ids) {
    for (String id : ids) {
      await(accounts.save(TestAccounts.active(id, cipher)));
    }
    ApiKey key = ApiKey.create(KEY_ID, "test", plainKey, null, allowedModels, NOW);
    await(keys.create(new StoredApiKey(key, limits)));
    pool =
        await(
            AccountPool.start(
                new StorePorts(
                    accountStore,
                    keys,
                    settings,
                    logs,
                    new InMemoryStoreMetadataRepository(),
                    changes),
                cipher,
                new SplittableRandom(3),
                clock));
    ledgers = await(KeyLedgers.start(keys, changes, clock));
    PriceTable prices = PriceTable.defaults();
    return new ProxyService(
        new KeyGate(await(AuthenticateApiKeyService.start(keys, changes)), ledgers, prices),
        pool,
        upstream,
        new TokenRenewal(refresher, cipher, pool, clock),
        new Recorder(
            ledgers, pool, logWriter, prices, (log, upstreamMillis, attempts) -> {}, clock),
        clock);
  }

  private ProxyResponsesCommand request(String requestId) {
    return request(requestId, Optional.empty());
  }

  private ProxyResponsesCommand request(String requestId, Optional<String> promptCacheKey) {
    return new ProxyResponsesCommand(
        requestId,
        Optional.of(plainKey.reveal()),
        "gpt-5.2",
        promptCacheKey,
        "{\"model\":\"gpt-5.2\",\"input\":\"hi\"}".getBytes(),
        Map.of("User-Agent", List.of("test")),
        NOW);
  }

  private static Refusal refusal(ProxyResponsesResult outcome) {
    assertThat(outcome).isInstanceOf(ProxyResponsesResult.Refused.class);
    return ((ProxyResponsesResult.Refused) outcome).refusal();
  }

  private static Collected collect(ProxyResponsesResult outcome) {
    assertThat(outcome).isInstanceOf(ProxyResponsesResult.Streaming.class);
    Collected collected = new Collected();
    ((ProxyResponsesResult.Streaming) outcome).events().subscribe(collected);
    return collected;
  }

  private List<RequestLog> logged() {
    await(logWriter.flush());
    return await(
            logs.query(RequestLogQuery.between(NOW.minusSeconds(60), NOW.plusSeconds(60), 100)))
        .entries();
  }

  private long inFlight() {
    return pool.explain(NOW).stream().mapToLong(line -> line.inFlight()).sum();
  }

  @Test
  void aRequestIsServedStreamedSettledAndLogged() {
    ProxyService proxy = start("a");

    Collected events = collect(await(proxy.serve(request("r1"))));

    assertThat(events.types())
        .containsExactly("response.created", "response.output_text.delta", "response.completed");
    assertThat(events.completed).isTrue();
    assertThat(upstream.sent())
        .singleElement()
        .satisfies(
            sent -> {
              assertThat(sent.credentials().accessToken()).isEqualTo("access-a");
              assertThat(sent.requestId()).isEqualTo("r1");
            });
    assertThat(inFlight()).isZero();
    RequestLog log = logged().get(0);
    assertThat(log.statusCode()).isEqualTo(200);
    assertThat(log.accountId()).contains(new AccountId("a"));
    assertThat(log.apiKeyId()).contains(KEY_ID);
    assertThat(log.inputTokens()).isEqualTo(100);
    assertThat(log.cachedInputTokens()).isEqualTo(20);
    assertThat(log.outputTokens()).isEqualTo(50);
    assertThat(log.reasoningTokens()).isEqualTo(10);
    assertThat(log.costMicros())
        .isEqualTo(PriceTable.defaults().costMicros("gpt-5.2", new TokenUsage(100, 20, 50)));
    assertThat(log.firstTokenMillis()).isPresent();
  }

  @Test
  void anUnknownKeyIsRefusedAndNotLogged() {
    ProxyService proxy = start("a");
    ProxyResponsesCommand anonymous =
        new ProxyResponsesCommand(
            "r1", Optional.empty(), "gpt-5.2", Optional.empty(), new byte[0], Map.of(), NOW);

    Refusal refusal = refusal(await(proxy.serve(anonymous)));

    assertThat(refusal.status()).isEqualTo(401);
    assertThat(refusal.code()).isEqualTo("invalid_api_key");
    assertThat(upstream.sent()).isEmpty();
    assertThat(logged()).isEmpty();
  }

  @Test
  void aModelOutsideTheAllowListIsRefusedWith403AndLogged() {
    ProxyService proxy = start(Set.of("gpt-5.5"), List.of(), "a");

    Refusal refusal = refusal(await(proxy.serve(request("r1"))));

    assertThat(refusal).isInstanceOf(Refusal.ModelNotAllowed.class);
    assertThat(refusal.status()).isEqualTo(403);
    assertThat(logged())
        .singleElement()
        .satisfies(
            log -> {
              assertThat(log.statusCode()).isEqualTo(403);
              assertThat(log.errorCode()).contains("model_not_allowed");
            });
    assertThat(upstream.sent()).isEmpty();
  }

  @Test
  void aUsedUpLimitIsRefusedWith429() {
    KeyLimit spent =
        new KeyLimit(LimitType.REQUESTS, LimitWindow.DAILY, 1, 1, NOW.plusSeconds(600));
    ProxyService proxy = start(Set.of(), List.of(spent), "a");

    Refusal refusal = refusal(await(proxy.serve(request("r1"))));

    assertThat(refusal).isInstanceOf(Refusal.LimitExceeded.class);
    assertThat(((Refusal.LimitExceeded) refusal).admission().retryAfterSeconds()).isEqualTo(600);
    assertThat(upstream.sent()).isEmpty();
  }

  @Test
  void settledUsageIsWrittenToTheStoreAndTheLimitThenRefuses() {
    KeyLimit tokens =
        new KeyLimit(LimitType.TOTAL_TOKENS, LimitWindow.DAILY, 150, 0, NOW.plusSeconds(600));
    ProxyService proxy = start(Set.of(), List.of(tokens), "a");

    collect(await(proxy.serve(request("r1"))));
    await(ledgers.usageWriter().flushed());

    StoredApiKey stored = await(keys.find(KEY_ID)).orElseThrow();
    assertThat(stored.limits().get(0).currentValue()).isEqualTo(150);
    assertThat(refusal(await(proxy.serve(request("r2")))))
        .isInstanceOf(Refusal.LimitExceeded.class);
  }

  @Test
  void aRateLimitedAccountFailsOverAndIsMarked() {
    ProxyService proxy = start("a", "b");
    Instant reset = NOW.plusSeconds(900);
    upstream.then("chatgpt-a", refused(rateLimited(reset)));
    upstream.then("chatgpt-b", refused(rateLimited(reset)));
    // Whichever is picked first fails; the other one is queued a failure too, so serve twice.
    upstream.then("chatgpt-a", completed("from a", FakeUpstreamClient.DEFAULT_USAGE));

    ProxyResponsesResult outcome = await(proxy.serve(request("r1")));

    assertThat(outcome).isInstanceOf(ProxyResponsesResult.Refused.class);
    assertThat(refusal(outcome)).isInstanceOf(Refusal.NoAccounts.class);
    assertThat(((Refusal.NoAccounts) refusal(outcome)).pick().retryAfterSeconds(NOW))
        .as(
            "the reset the accounts just reported, though the pick excluded them: %s",
            refusal(outcome))
        .hasValue(900);
    assertThat(upstream.sentTo()).containsExactlyInAnyOrder("chatgpt-a", "chatgpt-b");
    assertThat(status("a")).isEqualTo(AccountStatus.RATE_LIMITED);
    assertThat(status("b")).isEqualTo(AccountStatus.RATE_LIMITED);
    assertThat(logged())
        .singleElement()
        .satisfies(
            log -> {
              assertThat(log.statusCode()).isEqualTo(503);
              assertThat(log.errorCode()).contains("no_accounts");
            });
    assertThat(inFlight()).isZero();
  }

  @Test
  void whatRequestsLearnOfAccountsIsWrittenBehindThem() {
    ProxyService proxy = start("a");
    upstream.then("chatgpt-a", refused(rateLimited(NOW.plusSeconds(900))));

    await(proxy.serve(request("r1")));
    assertThat(await(accounts.find(new AccountId("a"))).orElseThrow().account().state().status())
        .as("not before the flush")
        .isEqualTo(AccountStatus.ACTIVE);
    await(pool.writes().flush());

    assertThat(await(accounts.find(new AccountId("a"))).orElseThrow().account().state().status())
        .isEqualTo(AccountStatus.RATE_LIMITED);
  }

  @Test
  void anAccountWhoseLoginIsDeadIsSavedAtOnce() {
    ProxyService proxy = start("a");
    upstream.then("chatgpt-a", refused(new UpstreamFailure.Unauthorized("token_expired", "401")));
    refresher.then(new TokenRefresh.FailedPermanently(PermanentAuthFailure.reauthRequired("gone")));

    await(proxy.serve(request("r1")));

    assertThat(await(accounts.find(new AccountId("a"))).orElseThrow().account().state().status())
        .isEqualTo(AccountStatus.REAUTH_REQUIRED);
  }

  @Test
  void theOnlyAccountHittingItsLimitGivesNoAccountsWithItsReset() {
    ProxyService proxy = start("a");
    upstream.then("chatgpt-a", refused(rateLimited(NOW.plusSeconds(600))));

    Refusal refusal = refusal(await(proxy.serve(request("r1"))));

    assertThat(refusal).isInstanceOf(Refusal.NoAccounts.class);
    assertThat(((Refusal.NoAccounts) refusal).pick().retryAfterSeconds(NOW)).hasValue(600);
  }

  @Test
  void aFailureOfTheFirstAccountMovesTheRequestToAnother() {
    ProxyService proxy = start("a", "b");
    upstream.then("chatgpt-a", refused(new UpstreamFailure.Transient(500, "server_error", "boom")));
    upstream.then("chatgpt-b", refused(new UpstreamFailure.Transient(500, "server_error", "boom")));
    upstream.then("chatgpt-a", completed("second try", FakeUpstreamClient.DEFAULT_USAGE));
    upstream.then("chatgpt-b", completed("second try", FakeUpstreamClient.DEFAULT_USAGE));

    ProxyResponsesResult first = await(proxy.serve(request("r1")));

    assertThat(refusal(first).status()).as("both failed once: upstream's fault").isEqualTo(502);
    assertThat(refusal(first).code()).isEqualTo("upstream_error");
    Collected second = collect(await(proxy.serve(request("r2"))));
    assertThat(second.types()).contains("response.completed");
  }

  @Test
  void overloadedInsideA200BeforeAnyContentFailsOverAndTheClientSeesOnlyTheSecondAccount() {
    ProxyService proxy = start("a", "b");
    UpstreamFailure overloaded = new UpstreamFailure.Transient(200, "server_is_overloaded", "busy");
    upstream.thenAny(streaming(created(), failedEvent(overloaded)));
    upstream.thenAny(completed("rescued", FakeUpstreamClient.DEFAULT_USAGE));

    Collected events = collect(await(proxy.serve(request("r1"))));

    assertThat(upstream.sentTo()).hasSize(2).doesNotHaveDuplicates();
    assertThat(events.types())
        .containsExactly("response.created", "response.output_text.delta", "response.completed");
    assertThat(events.events.get(1).data()).contains("rescued");
  }

  @Test
  void aFailureAfterTheFirstContentEndsTheStreamWithTheFailureAndReleasesTheReservation() {
    KeyLimit tokens =
        new KeyLimit(LimitType.TOTAL_TOKENS, LimitWindow.DAILY, 100_000, 0, NOW.plusSeconds(600));
    ProxyService proxy = start(Set.of(), List.of(tokens), "a");
    UpstreamFailure cut = new UpstreamFailure.Transient(0, "stream_incomplete", "cut");
    upstream.then("chatgpt-a", streaming(created(), delta("par"), failedEvent(cut)));

    Collected events = collect(await(proxy.serve(request("r1"))));

    assertThat(events.types())
        .containsExactly("response.created", "response.output_text.delta", "error");
    assertThat(upstream.sent()).hasSize(1);
    assertThat(ledgers.ledger(KEY_ID).limits(NOW).get(0).currentValue()).isZero();
    assertThat(logged())
        .singleElement()
        .satisfies(
            log -> {
              assertThat(log.statusCode()).isEqualTo(200);
              assertThat(log.errorCode()).contains("stream_incomplete");
            });
    assertThat(inFlight()).isZero();
  }

  @Test
  void a401RefreshesTheTokenOnceStoresItAndRetriesTheSameAccount() {
    ProxyService proxy = start("a");
    upstream.then("chatgpt-a", refused(new UpstreamFailure.Unauthorized("token_expired", "401")));

    Collected events = collect(await(proxy.serve(request("r1"))));

    assertThat(events.completed).isTrue();
    assertThat(refresher.refreshed()).containsExactly("refresh-a");
    assertThat(upstream.sent())
        .extracting(sent -> sent.credentials().accessToken())
        .containsExactly("access-a", "access-after-refresh-a");
    String stored =
        cipher.open(await(accounts.find(new AccountId("a"))).orElseThrow().tokens().refreshToken());
    assertThat(stored).isEqualTo("refresh-after-refresh-a");
  }

  @Test
  void aRotatedTokenWhoseSaveFailsStaysInMemoryAndReachesTheStoreOnceItRecovers() {
    boolean[] down = {false};
    accountStore =
        (AccountRepository)
            Proxy.newProxyInstance(
                AccountRepository.class.getClassLoader(),
                new Class<?>[] {AccountRepository.class},
                (proxy, method, args) ->
                    method.getName().equals("save") && down[0]
                        ? CompletableFuture.failedFuture(new IllegalStateException("store down"))
                        : method.invoke(accounts, args));
    ProxyService proxy = start("a");
    down[0] = true;
    upstream.then("chatgpt-a", refused(new UpstreamFailure.Unauthorized("token_expired", "401")));

    assertThat(collect(await(proxy.serve(request("r1")))).completed).isTrue();
    assertThat(storedRefreshToken("a")).isEqualTo("refresh-a");
    // A reload of the accounts (another change announced) must not bring the dead token back.
    changes.publish(StoreChange.ACCOUNTS);
    assertThat(collect(await(proxy.serve(request("r2")))).completed).isTrue();
    assertThat(refresher.refreshed()).containsExactly("refresh-a");
    assertThat(upstream.sent())
        .extracting(sent -> sent.credentials().accessToken())
        .containsExactly("access-a", "access-after-refresh-a", "access-after-refresh-a");

    down[0] = false;
    clock.advance(AccountWriter.FIRST_RETRY);
    await(pool.writes().flush());

    assertThat(storedRefreshToken("a")).isEqualTo("refresh-after-refresh-a");
    assertThat(pool.writes().pending()).isZero();
  }

  private String storedRefreshToken(String id) {
    return cipher.open(
        await(accounts.find(new AccountId(id))).orElseThrow().tokens().refreshToken());
  }

  @Test
  void aPermanentRefreshFailureMarksTheAccountAndFailsOver() {
    ProxyService proxy = start("a", "b");
    for (String id : List.of("chatgpt-a", "chatgpt-b")) {
      upstream.then(id, refused(new UpstreamFailure.Unauthorized("token_expired", "401")));
    }
    refresher.then(new TokenRefresh.FailedPermanently(PermanentAuthFailure.reauthRequired("gone")));

    Collected events = collect(await(proxy.serve(request("r1"))));

    assertThat(events.completed).isTrue();
    assertThat(refresher.refreshed()).hasSize(2);
    long reauth =
        List.of("a", "b").stream()
            .filter(id -> status(id) == AccountStatus.REAUTH_REQUIRED)
            .count();
    assertThat(reauth).isEqualTo(1);
  }

  @Test
  void atMostThreeAccountsAreTried() {
    ProxyService proxy = start("a", "b", "c", "d");
    for (String id : List.of("chatgpt-a", "chatgpt-b", "chatgpt-c", "chatgpt-d")) {
      upstream.then(id, refused(new UpstreamFailure.Transient(503, "server_error", "down")));
    }

    Refusal refusal = refusal(await(proxy.serve(request("r1"))));

    assertThat(upstream.sent()).hasSize(3);
    assertThat(refusal.status()).isEqualTo(503);
    assertThat(refusal.code()).isEqualTo("upstream_error");
  }

  @Test
  void aRejectedRequestGoesBackWithUpstreamsStatusAndDoesNotFailOver() {
    ProxyService proxy = start("a", "b");
    for (String id : List.of("chatgpt-a", "chatgpt-b")) {
      upstream.then(id, refused(new UpstreamFailure.Rejected(400, "invalid_value", "bad input")));
    }

    Refusal refusal = refusal(await(proxy.serve(request("r1"))));

    assertThat(upstream.sent()).hasSize(1);
    assertThat(refusal.status()).isEqualTo(400);
    assertThat(refusal.code()).isEqualTo("invalid_value");
  }

  @Test
  void aClientThatCancelsCancelsUpstreamReleasesAndIsLogged() {
    KeyLimit tokens =
        new KeyLimit(LimitType.TOTAL_TOKENS, LimitWindow.DAILY, 100_000, 0, NOW.plusSeconds(600));
    ProxyService proxy = start(Set.of(), List.of(tokens), "a");
    upstream.then(
        "chatgpt-a",
        streaming(
            created(),
            delta("one"),
            delta("two"),
            completedEvent(FakeUpstreamClient.DEFAULT_USAGE)));
    ProxyResponsesResult outcome = await(proxy.serve(request("r1")));
    Collected events = new Collected(1);
    ((ProxyResponsesResult.Streaming) outcome).events().subscribe(events);

    events.subscription.cancel();

    ScriptedEvents stream = upstream.streams().get(0);
    assertThat(stream.cancelled()).isTrue();
    assertThat(inFlight()).isZero();
    assertThat(ledgers.ledger(KEY_ID).limits(NOW).get(0).currentValue()).isZero();
    assertThat(logged())
        .singleElement()
        .satisfies(log -> assertThat(log.statusCode()).isEqualTo(499));
  }

  @Test
  void theClientsDemandIsPassedUpstream() {
    ProxyService proxy = start("a");
    upstream.then(
        "chatgpt-a",
        streaming(
            created(),
            delta("1"),
            delta("2"),
            delta("3"),
            completedEvent(FakeUpstreamClient.DEFAULT_USAGE)));
    ProxyResponsesResult outcome = await(proxy.serve(request("r1")));
    Collected events = new Collected(1);
    ((ProxyResponsesResult.Streaming) outcome).events().subscribe(events);

    ScriptedEvents stream = upstream.streams().get(0);
    assertThat(events.events).hasSize(1);
    assertThat(stream.emitted()).as("held back up to the first content, nothing more").isEqualTo(2);
    events.subscription.request(1);
    assertThat(events.events).hasSize(2);
    assertThat(stream.emitted()).isEqualTo(2);
    events.subscription.request(10);
    assertThat(events.completed).isTrue();
  }

  @Test
  void theSameSessionKeyStaysOnItsAccountUntilItIsLimited() {
    ProxyService proxy = start("a", "b", "c");
    Optional<String> session = Optional.of("thread-42");

    collect(await(proxy.serve(request("r1", session))));
    String first = upstream.sentTo().get(0);
    for (int i = 2; i <= 5; i++) {
      collect(await(proxy.serve(request("r" + i, session))));
    }
    assertThat(upstream.sentTo()).containsOnly(first);

    upstream.then(first, refused(rateLimited(NOW.plusSeconds(900))));
    collect(await(proxy.serve(request("r6", session))));
    collect(await(proxy.serve(request("r7", session))));

    List<String> sent = upstream.sentTo();
    String moved = sent.get(sent.size() - 1);
    assertThat(moved).isNotEqualTo(first);
    assertThat(sent.get(sent.size() - 2)).as("r7 stays on the new pin").isEqualTo(moved);
  }

  private AccountStatus status(String id) {
    return pool.account(new AccountId(id)).orElseThrow().account().effectiveStatus(NOW);
  }

  private static UpstreamFailure rateLimited(Instant reset) {
    return new UpstreamFailure.RateLimited(
        "usage_limit_reached", "limit", Optional.of(reset), Optional.empty());
  }

  /** Collects a stream, asking for everything or for a set number of events. */
  private static final class Collected implements Flow.Subscriber<UpstreamEvent> {
    final List<UpstreamEvent> events = new ArrayList<>();
    final long initialDemand;
    Flow.Subscription subscription;
    boolean completed;

    Collected() {
      this(Long.MAX_VALUE);
    }

    Collected(long initialDemand) {
      this.initialDemand = initialDemand;
    }

    List<String> types() {
      return events.stream().map(UpstreamEvent::type).toList();
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
      subscription = s;
      s.request(initialDemand);
    }

    @Override
    public void onNext(UpstreamEvent item) {
      events.add(item);
    }

    @Override
    public void onError(Throwable throwable) {
      throw new AssertionError(throwable);
    }

    @Override
    public void onComplete() {
      completed = true;
    }
  }
}
