package io.codexlb.application;

import static io.codexlb.port.out.Stages.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.codexlb.domain.account.AccountId;
import io.codexlb.domain.account.AccountStatus;
import io.codexlb.domain.account.RefreshPolicy;
import io.codexlb.domain.key.ApiKey;
import io.codexlb.domain.key.ApiKeyGenerator;
import io.codexlb.domain.key.ApiKeyId;
import io.codexlb.domain.key.PlainApiKey;
import io.codexlb.domain.limit.Admission;
import io.codexlb.domain.limit.KeyLimit;
import io.codexlb.domain.limit.Reservation;
import io.codexlb.domain.limit.Usage;
import io.codexlb.domain.pricing.PriceTable;
import io.codexlb.domain.upstream.UpstreamBreaker;
import io.codexlb.domain.upstream.UpstreamEvent;
import io.codexlb.domain.upstream.UpstreamFailure;
import io.codexlb.port.in.ProxyResponsesCommand;
import io.codexlb.port.in.ProxyResponsesResult;
import io.codexlb.port.in.ProxyResponsesResult.Refusal;
import io.codexlb.port.out.AccountRepository;
import io.codexlb.port.out.FakeTokenRefresher;
import io.codexlb.port.out.FakeUpstreamClient;
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
import io.codexlb.port.out.MovableClock;
import io.codexlb.port.out.ProxyTracer;
import io.codexlb.port.out.RequestLog;
import io.codexlb.port.out.RequestLogQuery;
import io.codexlb.port.out.ReversingSecretCipher;
import io.codexlb.port.out.StorePorts;
import io.codexlb.port.out.StoredApiKey;
import io.codexlb.port.out.TestAccounts;
import io.codexlb.port.out.TokenRefresher;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;

/**
 * The data plane's services over the in-memory fakes of the ports test-jar: one key, accounts
 * {@code a}, {@code b}, ... whose upstream ids are {@code chatgpt-a}, ..., a scripted upstream and
 * token refresher, and a clock tests move by hand.
 */
final class DataPlaneFixture {

  static final Instant NOW = Instant.parse("2026-11-27T12:00:00Z");
  static final ApiKeyId KEY_ID = new ApiKeyId("key-1");

  final MovableClock clock = new MovableClock(NOW);
  final ReversingSecretCipher cipher = new ReversingSecretCipher();
  final InMemoryAccountRepository accounts = new InMemoryAccountRepository();
  final InMemorySettingsRepository settings = new InMemorySettingsRepository();
  final InMemoryApiKeyRepository keys = new InMemoryApiKeyRepository();
  final InMemoryRequestLogRepository logs = new InMemoryRequestLogRepository();
  final InProcessStoreChangePublisher changes = new InProcessStoreChangePublisher();
  final InMemoryStickySessionRepository pins = new InMemoryStickySessionRepository();
  final FakeUpstreamClient upstream = new FakeUpstreamClient();
  final FakeTokenRefresher refresher = new FakeTokenRefresher();
  final RequestLogWriter logWriter = new RequestLogWriter(logs, 100, 1_000);
  final PlainApiKey plainKey = ApiKeyGenerator.using(new SplittableRandom(7)).generate();
  final PriceTable prices = PriceTable.defaults();
  final List<Traced> traced = new ArrayList<>();
  final UpstreamBreaker breaker = new UpstreamBreaker();

  /** The queue's timeouts, fired by hand with {@link #expireWaits()}. */
  final List<Runnable> timeouts = new ArrayList<>();

  /** How requests wait for a slot; a test may change it, before {@link #start}. */
  SlotQueue.Policy queuePolicy =
      new SlotQueue.Policy(Duration.ofSeconds(30), 16, (delay, task) -> timeouts.add(task));

  private TokenRenewal renewal;

  /** The store the pool writes accounts to; a test may wrap it, before {@link #start}. */
  AccountRepository accountStore = accounts;

  AccountPool pool;
  KeyLedgers ledgers;
  ApiKey key;

  /** What the tracer was told of a finished request. */
  record Traced(RequestLog log, long upstreamMillis, int attempts) {}

  /** Stores the accounts and the key, then loads the pool and the ledgers. */
  DataPlaneFixture start(Set<String> allowedModels, List<KeyLimit> limits, String... accountIds) {
    for (String id : accountIds) {
      await(accounts.save(TestAccounts.active(id, cipher)));
    }
    key = ApiKey.create(KEY_ID, "test", plainKey, null, allowedModels, NOW);
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
                    changes,
                    pins,
                    new InMemoryAdminAuthRepository(),
                    new InMemoryAuditLogRepository(),
                    new InMemoryUsageHistoryRepository(),
                    new InMemoryJobLease()),
                cipher,
                new SplittableRandom(3),
                clock,
                queuePolicy));
    ledgers = await(KeyLedgers.start(keys, changes, clock));
    return this;
  }

  DataPlaneFixture start(String... accountIds) {
    return start(Set.of(), List.of(), accountIds);
  }

  Recorder recorder() {
    ProxyTracer tracer =
        (log, upstreamMillis, attempts) -> traced.add(new Traced(log, upstreamMillis, attempts));
    return new Recorder(ledgers, pool, logWriter, prices, tracer, clock);
  }

  /** The pool's one renewal (one per account at a time, as in the data plane). */
  TokenRenewal renewal() {
    if (renewal == null) {
      renewal = renewalWith(refresher);
    }
    return renewal;
  }

  /** A renewal of the pool's accounts through {@code other}, claiming in the account store. */
  TokenRenewal renewalWith(TokenRefresher other) {
    return renewalWith(other, "test-instance");
  }

  /** As {@link #renewalWith(TokenRefresher)}, claiming as {@code holder} (one per instance). */
  TokenRenewal renewalWith(TokenRefresher other, String holder) {
    return new TokenRenewal(
        other,
        cipher,
        pool,
        accountStore,
        RefreshPolicy.defaults(),
        holder,
        clock,
        TokenRenewal.Delays.REAL);
  }

  /** Makes the pool's one renewal go through {@code other}; call it after {@link #start}. */
  void renewWith(TokenRefresher other) {
    renewal = renewalWith(other);
  }

  /** Ends every wait for a slot that has not ended yet, as their timeouts would. */
  void expireWaits() {
    List<Runnable> due = List.copyOf(timeouts);
    timeouts.clear();
    due.forEach(Runnable::run);
  }

  ProxyService proxy() {
    return new ProxyService(
        new KeyGate(await(AuthenticateApiKeyService.start(keys, changes)), ledgers, prices),
        pool,
        upstream,
        breaker,
        renewal(),
        recorder(),
        clock);
  }

  ProxyResponsesCommand request(String requestId) {
    return request(requestId, Optional.empty());
  }

  ProxyResponsesCommand request(String requestId, Optional<String> promptCacheKey) {
    return new ProxyResponsesCommand(
        requestId,
        Optional.of(plainKey.reveal()),
        "gpt-5.2",
        promptCacheKey,
        "{\"model\":\"gpt-5.2\",\"input\":\"hi\"}".getBytes(),
        Map.of("User-Agent", List.of("test")),
        NOW);
  }

  /**
   * A request whose client takes the answer streamed or not, and goes away when {@code clientGone}
   * completes.
   */
  ProxyResponsesCommand request(
      String requestId, boolean streamed, CompletableFuture<Void> clientGone) {
    ProxyResponsesCommand plain = request(requestId);
    return new ProxyResponsesCommand(
        plain.requestId(),
        plain.bearer(),
        plain.model(),
        plain.promptCacheKey(),
        plain.body(),
        plain.headers(),
        plain.receivedAt(),
        Optional.empty(),
        streamed,
        clientGone,
        new CompletableFuture<>());
  }

  /** The usage {@link #reserve()} holds. */
  static final Usage ESTIMATE = new Usage(KeyGate.ESTIMATED_INPUT_CAP, KeyGate.ESTIMATED_OUTPUT, 0);

  /** A reservation of one request's estimate against the key's limits, as the gate makes it. */
  Reservation reserve() {
    Usage estimate = ESTIMATE;
    Admission admission = ledgers.ledger(KEY_ID).reserve(estimate, NOW);
    assertThat(admission).isInstanceOf(Admission.Admitted.class);
    return ((Admission.Admitted) admission).reservation();
  }

  List<RequestLog> logged() {
    await(logWriter.flush());
    return await(
            logs.query(RequestLogQuery.between(NOW.minusSeconds(60), NOW.plusSeconds(60), 100)))
        .entries();
  }

  long inFlight() {
    return pool.explain(NOW).stream().mapToLong(line -> line.inFlight()).sum();
  }

  AccountStatus status(String id) {
    return pool.account(new AccountId(id)).orElseThrow().account().effectiveStatus(NOW);
  }

  String storedRefreshToken(String id) {
    return cipher.open(
        await(accounts.find(new AccountId(id))).orElseThrow().tokens().refreshToken());
  }

  static UpstreamFailure rateLimited(Instant reset) {
    return new UpstreamFailure.RateLimited(
        "usage_limit_reached", "limit", Optional.of(reset), Optional.empty());
  }

  static Refusal refusal(ProxyResponsesResult outcome) {
    assertThat(outcome).isInstanceOf(ProxyResponsesResult.Refused.class);
    return ((ProxyResponsesResult.Refused) outcome).refusal();
  }

  static Collected collect(ProxyResponsesResult outcome) {
    assertThat(outcome).isInstanceOf(ProxyResponsesResult.Streaming.class);
    Collected collected = new Collected();
    ((ProxyResponsesResult.Streaming) outcome).events().subscribe(collected);
    return collected;
  }

  /** Subscribes to a stream and keeps what arrives. */
  static final class Collected implements Flow.Subscriber<UpstreamEvent> {
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
