package io.codexlb.application;

import static io.codexlb.application.DataPlaneFixture.KEY_ID;
import static io.codexlb.application.DataPlaneFixture.NOW;
import static io.codexlb.application.DataPlaneFixture.collect;
import static io.codexlb.application.DataPlaneFixture.rateLimited;
import static io.codexlb.application.DataPlaneFixture.refusal;
import static io.codexlb.port.out.FakeUpstreamClient.completed;
import static io.codexlb.port.out.FakeUpstreamClient.completedEvent;
import static io.codexlb.port.out.FakeUpstreamClient.created;
import static io.codexlb.port.out.FakeUpstreamClient.delta;
import static io.codexlb.port.out.FakeUpstreamClient.failedEvent;
import static io.codexlb.port.out.FakeUpstreamClient.refused;
import static io.codexlb.port.out.FakeUpstreamClient.streaming;
import static io.codexlb.port.out.Stages.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.codexlb.application.DataPlaneFixture.Collected;
import io.codexlb.domain.account.AccountId;
import io.codexlb.domain.account.AccountStatus;
import io.codexlb.domain.account.PermanentAuthFailure;
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
import io.codexlb.port.out.FakeTokenRefresher;
import io.codexlb.port.out.FakeUpstreamClient;
import io.codexlb.port.out.FlakyAccountRepository;
import io.codexlb.port.out.InMemoryAccountRepository;
import io.codexlb.port.out.InMemoryApiKeyRepository;
import io.codexlb.port.out.InMemorySettingsRepository;
import io.codexlb.port.out.InProcessStoreChangePublisher;
import io.codexlb.port.out.MovableClock;
import io.codexlb.port.out.RequestLog;
import io.codexlb.port.out.ReversingSecretCipher;
import io.codexlb.port.out.ScriptedEvents;
import io.codexlb.port.out.StoredApiKey;
import io.codexlb.port.out.TokenRefresh;
import io.codexlb.port.out.UpstreamReply;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

class ProxyServiceTest {

  private final DataPlaneFixture f = new DataPlaneFixture();
  private final MovableClock clock = f.clock;
  private final ReversingSecretCipher cipher = f.cipher;
  private final InMemoryAccountRepository accounts = f.accounts;
  private final InMemorySettingsRepository settings = f.settings;
  private final InMemoryApiKeyRepository keys = f.keys;
  private final InProcessStoreChangePublisher changes = f.changes;
  private final FakeUpstreamClient upstream = f.upstream;
  private final FakeTokenRefresher refresher = f.refresher;

  private ProxyService start(String... accountIds) {
    return f.start(accountIds).proxy();
  }

  private ProxyService start(Set<String> allowedModels, List<KeyLimit> limits, String... ids) {
    return f.start(allowedModels, limits, ids).proxy();
  }

  private ProxyResponsesCommand request(String requestId) {
    return f.request(requestId);
  }

  private ProxyResponsesCommand request(String requestId, Optional<String> promptCacheKey) {
    return f.request(requestId, promptCacheKey);
  }

  private List<RequestLog> logged() {
    return f.logged();
  }

  private long inFlight() {
    return f.inFlight();
  }

  private AccountStatus status(String id) {
    return f.status(id);
  }

  private String storedRefreshToken(String id) {
    return f.storedRefreshToken(id);
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
    await(f.ledgers.usageWriter().flushed());

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
    await(f.pool.writes().flush());

    assertThat(await(accounts.find(new AccountId("a"))).orElseThrow().account().state().status())
        .isEqualTo(AccountStatus.RATE_LIMITED);
  }

  @Test
  void anAccountWhoseLoginIsDeadIsSavedAtOnce() {
    ProxyService proxy = start("a");
    upstream.then("chatgpt-a", refused(new UpstreamFailure.Unauthorized("token_expired", "401")));
    refresher.then(
        new TokenRefresh.FailedPermanently(
            PermanentAuthFailure.forErrorCode("refresh_token_expired").orElseThrow()));

    await(proxy.serve(request("r1")));

    assertThat(await(accounts.find(new AccountId("a"))).orElseThrow().account().state().status())
        .isEqualTo(AccountStatus.DEACTIVATED);
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
    assertThat(f.ledgers.ledger(KEY_ID).limits(NOW).get(0).currentValue()).isZero();
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
  void rotatedTokensAreNotUsedBeforeTheyAreStoredAndReachTheStoreOnceItRecovers() {
    FlakyAccountRepository store = new FlakyAccountRepository(accounts);
    f.accountStore = store;
    ProxyService proxy = start("a");
    store.refreshesDown(true);
    upstream.then("chatgpt-a", refused(new UpstreamFailure.Unauthorized("token_expired", "401")));

    // The store refused the new tokens: the request does not use them, and fails.
    assertThat(refusal(await(proxy.serve(request("r1")))))
        .isInstanceOf(Refusal.UpstreamFailed.class);
    assertThat(upstream.sent())
        .extracting(sent -> sent.credentials().accessToken())
        .containsExactly("access-a");
    assertThat(storedRefreshToken("a")).isEqualTo("refresh-a");

    // Kept in memory and stored again in the background, once the store takes them.
    store.refreshesDown(false);
    Awaitility.await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> assertThat(storedRefreshToken("a")).isEqualTo("refresh-after-refresh-a"));
    Awaitility.await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () -> f.pool.credentials(new AccountId("a")).orElseThrow().accessToken(),
            token -> token.equals("access-after-refresh-a"));
    assertThat(collect(await(proxy.serve(request("r2")))).completed).isTrue();
    assertThat(refresher.refreshed()).containsExactly("refresh-a");
    assertThat(upstream.sent())
        .extracting(sent -> sent.credentials().accessToken())
        .containsExactly("access-a", "access-after-refresh-a");
  }

  @Test
  void aPermanentRefreshFailureMarksTheAccountAndFailsOver() {
    ProxyService proxy = start("a", "b");
    for (String id : List.of("chatgpt-a", "chatgpt-b")) {
      upstream.then(id, refused(new UpstreamFailure.Unauthorized("token_expired", "401")));
    }
    refresher.then(
        new TokenRefresh.FailedPermanently(
            PermanentAuthFailure.forErrorCode("refresh_token_expired").orElseThrow()));

    Collected events = collect(await(proxy.serve(request("r1"))));

    assertThat(events.completed).isTrue();
    assertThat(refresher.refreshed()).hasSize(2);
    long reauth =
        List.of("a", "b").stream().filter(id -> status(id) == AccountStatus.DEACTIVATED).count();
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
    assertThat(f.ledgers.ledger(KEY_ID).limits(NOW).get(0).currentValue()).isZero();
    assertThat(logged())
        .singleElement()
        .satisfies(log -> assertThat(log.statusCode()).isEqualTo(499));
  }

  @Test
  void aClientThatGoesAwayBeforeUpstreamsHeadersCancelsTheSendAndIsReleasedNotCharged() {
    KeyLimit requests =
        new KeyLimit(LimitType.REQUESTS, LimitWindow.DAILY, 3, 0, NOW.plusSeconds(600));
    ProxyService proxy = start(Set.of(), List.of(requests), "a");
    CompletableFuture<UpstreamReply> hanging = upstream.hangNext();
    CompletableFuture<Void> gone = new CompletableFuture<>();
    CompletionStage<ProxyResponsesResult> outcome = proxy.serve(f.request("r1", true, gone));
    assertThat(inFlight()).isOne();

    gone.complete(null);

    assertThat(hanging).isCancelled();
    assertThat(refusal(await(outcome))).isInstanceOf(Refusal.ClientGone.class);
    assertThat(inFlight()).isZero();
    assertThat(f.ledgers.ledger(KEY_ID).limits(NOW).get(0).currentValue()).isZero();
    assertThat(logged())
        .singleElement()
        .satisfies(
            log -> {
              assertThat(log.statusCode()).isEqualTo(499);
              assertThat(log.errorCode()).contains("client_closed_request");
            });
    assertThat(upstream.sent()).as("no failover for a client that left").hasSize(1);
  }

  @Test
  void aClientThatIsGoneBeforeItsRequestIsServedReachesNoAccount() {
    ProxyService proxy = start("a");

    ProxyResponsesResult outcome =
        await(proxy.serve(f.request("r1", true, CompletableFuture.completedFuture(null))));

    assertThat(refusal(outcome)).isInstanceOf(Refusal.ClientGone.class);
    assertThat(upstream.sent()).isEmpty();
    assertThat(inFlight()).isZero();
  }

  @Test
  void aClientThatGoesAwayWhileTheFirstEventsAreHeldBackCancelsUpstream() {
    ProxyService proxy = start("a");
    Stalling stalling = new Stalling(created());
    upstream.then("chatgpt-a", new UpstreamReply.Streaming(Optional.empty(), Map.of(), stalling));
    CompletableFuture<Void> gone = new CompletableFuture<>();
    CompletionStage<ProxyResponsesResult> outcome = proxy.serve(f.request("r1", true, gone));
    assertThat(outcome.toCompletableFuture()).isNotDone();

    gone.complete(null);

    assertThat(stalling.cancelled).isTrue();
    assertThat(refusal(await(outcome))).isInstanceOf(Refusal.ClientGone.class);
    assertThat(inFlight()).isZero();
    assertThat(logged())
        .singleElement()
        .satisfies(log -> assertThat(log.statusCode()).isEqualTo(499));
  }

  @Test
  void aClientOfAnAggregatedAnswerThatGoesAwayCancelsUpstreamEvenIfItsSubscriberDoesNot() {
    KeyLimit requests =
        new KeyLimit(LimitType.REQUESTS, LimitWindow.DAILY, 3, 0, NOW.plusSeconds(600));
    ProxyService proxy = start(Set.of(), List.of(requests), "a");
    Stalling stalling = new Stalling(created(), delta("one"));
    upstream.then("chatgpt-a", new UpstreamReply.Streaming(Optional.empty(), Map.of(), stalling));
    CompletableFuture<Void> gone = new CompletableFuture<>();
    ProxyResponsesResult outcome = await(proxy.serve(f.request("r1", false, gone)));
    Collected events = new Collected();
    ((ProxyResponsesResult.Streaming) outcome).events().subscribe(events);
    assertThat(events.types()).containsExactly("response.created", "response.output_text.delta");

    gone.complete(null);

    assertThat(stalling.cancelled).isTrue();
    assertThat(inFlight()).isZero();
    assertThat(f.ledgers.ledger(KEY_ID).limits(NOW).get(0).currentValue())
        .as("nothing reached a client waiting for one object")
        .isZero();
    assertThat(logged())
        .singleElement()
        .satisfies(log -> assertThat(log.statusCode()).isEqualTo(499));
  }

  @Test
  void aStreamingClientDueItsFirstBytesGetsTheHeldEventsOfASilentUpstream() {
    ProxyService proxy = start("a");
    Stalling stalling = new Stalling(created());
    upstream.then("chatgpt-a", new UpstreamReply.Streaming(Optional.empty(), Map.of(), stalling));
    CompletableFuture<Void> due = new CompletableFuture<>();
    ProxyResponsesCommand plain = f.request("r1");
    CompletionStage<ProxyResponsesResult> outcome =
        proxy.serve(
            new ProxyResponsesCommand(
                plain.requestId(),
                plain.bearer(),
                plain.model(),
                plain.promptCacheKey(),
                plain.body(),
                plain.headers(),
                plain.receivedAt(),
                Optional.empty(),
                true,
                new CompletableFuture<>(),
                due));
    assertThat(outcome.toCompletableFuture()).isNotDone();

    due.complete(null);

    Collected events = new Collected();
    ((ProxyResponsesResult.Streaming) await(outcome)).events().subscribe(events);
    assertThat(events.types()).containsExactly("response.created");
    assertThat(stalling.cancelled).isFalse();
  }

  /** Emits its events as asked, then nothing: an upstream gone silent. */
  private static final class Stalling implements Flow.Publisher<UpstreamEvent> {
    private final List<UpstreamEvent> events;
    volatile boolean cancelled;

    Stalling(UpstreamEvent... events) {
      this.events = List.of(events);
    }

    @Override
    public void subscribe(Flow.Subscriber<? super UpstreamEvent> subscriber) {
      subscriber.onSubscribe(
          new Flow.Subscription() {
            private int next;
            private boolean emitting;
            private long demand;

            @Override
            public void request(long n) {
              demand += n;
              if (emitting) {
                return;
              }
              emitting = true;
              while (demand > 0 && next < events.size() && !cancelled) {
                demand--;
                subscriber.onNext(events.get(next++));
              }
              emitting = false;
            }

            @Override
            public void cancel() {
              cancelled = true;
            }
          });
    }
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
}
