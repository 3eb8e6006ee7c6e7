package io.codexlb.application;

import io.codexlb.domain.account.AccountEvent;
import io.codexlb.domain.account.AccountId;
import io.codexlb.domain.key.ApiKey;
import io.codexlb.domain.limit.Reservation;
import io.codexlb.domain.limit.Usage;
import io.codexlb.domain.pricing.PriceTable;
import io.codexlb.domain.routing.PickResult;
import io.codexlb.domain.routing.RefusalReason;
import io.codexlb.domain.sticky.StickyKey;
import io.codexlb.domain.upstream.ResponseUsage;
import io.codexlb.domain.upstream.UpstreamEvent;
import io.codexlb.domain.upstream.UpstreamFailure;
import io.codexlb.port.in.ProxyResponsesCommand;
import io.codexlb.port.in.ProxyResponsesResult;
import io.codexlb.port.in.ProxyResponsesResult.Refusal;
import io.codexlb.port.out.AccountRepository;
import io.codexlb.port.out.AccountTokens;
import io.codexlb.port.out.ProxyTracer;
import io.codexlb.port.out.RequestLog;
import io.codexlb.port.out.SecretCipherException;
import io.codexlb.port.out.StoredAccount;
import io.codexlb.port.out.TokenRefresh;
import io.codexlb.port.out.TokenRefresher;
import io.codexlb.port.out.UpstreamClient;
import io.codexlb.port.out.UpstreamCredentials;
import io.codexlb.port.out.UpstreamReply;
import io.codexlb.port.out.UpstreamRequest;
import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * One request from its first pick to its request log: pick, send, fail over (at most {@link
 * #MAX_ACCOUNTS} accounts, a 401 refreshing the account's token once), relay, settle, log.
 *
 * <p>Its steps run one after another (each starts when the previous one's stage completes), never
 * at the same time, so its fields need no lock.
 */
final class ProxyExchange {

  /** Accounts a request is tried on before its last failure goes back to the client. */
  static final int MAX_ACCOUNTS = 3;

  /** Logged for a client that went away before the end of the stream (nginx's convention). */
  static final int CLIENT_CLOSED_REQUEST = 499;

  /** What every exchange shares. */
  record Context(
      KeyLedgers ledgers,
      PickAccountService accounts,
      AccountRepository accountStore,
      AccountStateWriter accountStates,
      AccountCredentials credentials,
      UpstreamClient upstream,
      TokenRefresher refresher,
      RequestLogWriter logs,
      PriceTable prices,
      ProxyTracer tracer,
      Clock clock) {}

  private final Context ctx;
  private final ProxyResponsesCommand request;
  private final ApiKey key;
  private final long startNanos;
  private final CompletableFuture<ProxyResponsesResult> outcome = new CompletableFuture<>();
  private final Set<AccountId> excluded = new HashSet<>();
  private final Set<AccountId> tried = new HashSet<>();
  private final Set<AccountId> refreshed = new HashSet<>();

  private Reservation reservation;
  private Optional<StickyKey> session = Optional.empty();
  private UpstreamFailure lastFailure;
  private AccountId lastTried;
  private Instant limitedUntil;
  private long selectNanos;
  private long upstreamNanos;
  private long firstTokenNanos = -1;

  ProxyExchange(Context ctx, ProxyResponsesCommand request, ApiKey key, long startNanos) {
    this.ctx = ctx;
    this.request = request;
    this.key = key;
    this.startNanos = startNanos;
  }

  /** Refuses before any account is picked (model, limits); logs it. */
  CompletionStage<ProxyResponsesResult> refuse(Refusal refusal) {
    finishRefused(refusal);
    return outcome;
  }

  /** Serves the request holding its reservation. */
  CompletionStage<ProxyResponsesResult> start(Reservation held, Optional<StickyKey> sessionKey) {
    this.reservation = held;
    this.session = sessionKey;
    pickNext();
    return outcome;
  }

  private void pickNext() {
    long before = System.nanoTime();
    PickResult pick = ctx.accounts().pickAndAcquire(session, excluded, now());
    selectNanos += System.nanoTime() - before;
    if (pick instanceof PickResult.Refused refused) {
      // Accounts that just hit their limits are why none is left: that is the pool's state, not
      // an upstream fault. Anything else that failed is upstream's.
      boolean limited =
          lastFailure == null
              || lastFailure instanceof UpstreamFailure.RateLimited
              || lastFailure instanceof UpstreamFailure.QuotaExceeded;
      finishRefused(
          limited
              ? new Refusal.NoAccounts(withKnownReset(refused))
              : new Refusal.UpstreamFailed(lastFailure));
      return;
    }
    send(((PickResult.Picked) pick).account());
  }

  private void send(AccountId id) {
    Optional<StoredAccount> account = ctx.accounts().account(id);
    UpstreamCredentials credentials;
    try {
      credentials = account.map(ctx.credentials()::of).orElse(null);
    } catch (SecretCipherException unreadable) {
      credentials = null;
    }
    if (credentials == null) {
      // Gone from the pool since the pick, or its token cannot be opened: try another.
      ctx.accounts().release(id);
      excluded.add(id);
      lastFailure =
          new UpstreamFailure.Transient(0, "account_unusable", "the account's token is unusable");
      pickNext();
      return;
    }
    tried.add(id);
    lastTried = id;
    long sent = System.nanoTime();
    ctx.upstream()
        .send(
            new UpstreamRequest(
                credentials, request.body(), request.headers(), request.requestId()))
        .whenComplete(
            (reply, error) -> {
              upstreamNanos += System.nanoTime() - sent;
              if (error != null) {
                failed(
                    id,
                    new UpstreamFailure.Transient(
                        0,
                        "upstream_error",
                        "upstream client failed: " + error.getClass().getName()));
              } else {
                replied(id, reply);
              }
            });
  }

  private void replied(AccountId id, UpstreamReply reply) {
    reply.quota().ifPresent(quota -> record(id, new AccountEvent.UsageObserved(quota)));
    if (reply instanceof UpstreamReply.Refused refused) {
      failed(id, refused.failure());
      return;
    }
    UpstreamReply.Streaming streaming = (UpstreamReply.Streaming) reply;
    Attempt attempt = new Attempt(id, streaming.headersForClient());
    streaming.events().subscribe(attempt.relay);
  }

  /**
   * The refusal with the soonest reset this request learnt, when the pick could not know it: the
   * accounts that just hit their limits were excluded from the pick, so it carries no reset of
   * theirs, yet they are why the client should come back later.
   */
  private PickResult.Refused withKnownReset(PickResult.Refused refused) {
    if (limitedUntil == null) {
      return refused;
    }
    Instant earliest =
        refused.earliestReset().filter(reset -> reset.isBefore(limitedUntil)).orElse(limitedUntil);
    // With the limited accounts counted back in, the pool is a mix (or all limited): the pick's
    // "no accounts" or "all paused" described only the accounts it was left with.
    RefusalReason reason =
        refused.reason() == RefusalReason.ALL_LIMITED
            ? RefusalReason.ALL_LIMITED
            : RefusalReason.NONE_AVAILABLE;
    return new PickResult.Refused(reason, Optional.of(earliest));
  }

  /** Notes when an account that just hit its limit said it would be back. */
  private void noteReset(UpstreamFailure failure) {
    Optional<Instant> reset = Optional.empty();
    if (failure instanceof UpstreamFailure.RateLimited limited) {
      reset = limited.resetAt().or(() -> limited.retryAfter().map(now()::plus));
    } else if (failure instanceof UpstreamFailure.QuotaExceeded quota) {
      reset = quota.resetAt();
    }
    reset.ifPresent(
        until ->
            limitedUntil =
                limitedUntil == null || until.isBefore(limitedUntil) ? until : limitedUntil);
  }

  /** A failure before anything reached the client. */
  private void failed(AccountId id, UpstreamFailure failure) {
    ctx.accounts().release(id);
    noteReset(failure);
    failure.accountEvent().ifPresent(event -> record(id, event));
    lastFailure = failure;
    if (failure instanceof UpstreamFailure.Unauthorized && refreshed.add(id)) {
      refreshThenRetry(id);
      return;
    }
    if (failure.failsOver() || failure instanceof UpstreamFailure.Unauthorized) {
      failOver(id);
      return;
    }
    finishRefused(new Refusal.UpstreamFailed(failure));
  }

  private void failOver(AccountId id) {
    excluded.add(id);
    if (tried.size() < MAX_ACCOUNTS) {
      pickNext();
    } else {
      finishRefused(new Refusal.UpstreamFailed(lastFailure));
    }
  }

  private void refreshThenRetry(AccountId id) {
    refresh(id)
        .whenComplete(
            (refreshedOk, error) -> {
              if (Boolean.TRUE.equals(refreshedOk) && ctx.accounts().acquire(id)) {
                send(id);
              } else {
                failOver(id);
              }
            });
  }

  /** Refreshes the account's tokens; completes with whether the account has new ones. */
  private CompletionStage<Boolean> refresh(AccountId id) {
    Optional<StoredAccount> account = ctx.accounts().account(id);
    if (account.isEmpty()) {
      return CompletableFuture.completedFuture(false);
    }
    String refreshToken;
    try {
      refreshToken = ctx.credentials().refreshToken(account.get());
    } catch (SecretCipherException unreadable) {
      return CompletableFuture.completedFuture(false);
    }
    return ctx.refresher()
        .refresh(refreshToken)
        .thenCompose(result -> refreshed(account.get(), result));
  }

  private CompletionStage<Boolean> refreshed(StoredAccount account, TokenRefresh result) {
    if (result instanceof TokenRefresh.FailedPermanently permanently) {
      record(account.id(), new AccountEvent.TokenRefreshFailedPermanently(permanently.failure()));
      return CompletableFuture.completedFuture(false);
    }
    if (!(result instanceof TokenRefresh.Refreshed tokens)) {
      record(account.id(), new AccountEvent.TokenRefreshFailedTransiently());
      return CompletableFuture.completedFuture(false);
    }
    Instant now = now();
    StoredAccount updated =
        new StoredAccount(
            account.account().on(new AccountEvent.TokenRefreshSucceeded(), now),
            account.chatgptAccountId(),
            account.email(),
            new AccountTokens(
                ctx.credentials().seal(tokens.accessToken()),
                ctx.credentials().seal(tokens.refreshToken()),
                ctx.credentials().seal(tokens.idToken())),
            now,
            account.createdAt());
    // Memory first: the old refresh token is dead upstream from now on, whatever the store does.
    ctx.accounts().replace(updated);
    return ctx.accountStore().save(updated).handle((saved, error) -> true);
  }

  private void record(AccountId id, AccountEvent event) {
    ctx.accounts().record(id, event, now()).ifPresent(ctx.accountStates()::changed);
  }

  private void finishRefused(Refusal refusal) {
    if (reservation != null) {
      reservation.release(now());
    }
    log(
        Optional.ofNullable(lastTried),
        refusal.status(),
        Optional.of(refusal.code()),
        Optional.empty(),
        0);
    outcome.complete(new ProxyResponsesResult.Refused(refusal));
  }

  private void log(
      Optional<AccountId> account,
      int status,
      Optional<String> errorCode,
      Optional<ResponseUsage> usage,
      long costMicros) {
    long end = System.nanoTime();
    ResponseUsage reported = usage.orElse(null);
    RequestLog log =
        new RequestLog(
            request.requestId(),
            request.receivedAt(),
            Optional.of(key.id()),
            account,
            request.model(),
            status,
            errorCode,
            reported == null ? 0 : reported.tokens().inputTokens(),
            reported == null ? 0 : reported.tokens().outputTokens(),
            reported == null ? 0 : reported.tokens().cachedInputTokens(),
            reported == null ? 0 : reported.reasoningTokens(),
            costMicros,
            millis(end - startNanos),
            firstTokenNanos < 0
                ? OptionalLong.empty()
                : OptionalLong.of(millis(firstTokenNanos - startNanos)),
            millis(selectNanos));
    ctx.logs().submit(log);
    ctx.tracer().finished(log, millis(upstreamNanos), tried.size());
  }

  private Instant now() {
    return ctx.clock().instant();
  }

  private static long millis(long nanos) {
    return TimeUnit.NANOSECONDS.toMillis(Math.max(0, nanos));
  }

  /** One account's stream, from its first event to its end. */
  private final class Attempt implements ResponseRelay.Listener {
    private final AccountId account;
    private final Map<String, String> headersForClient;
    private final ResponseRelay relay = new ResponseRelay(this);

    Attempt(AccountId account, Map<String, String> headersForClient) {
      this.account = account;
      this.headersForClient = headersForClient;
    }

    @Override
    public void committed() {
      outcome.complete(new ProxyResponsesResult.Streaming(headersForClient, relay));
    }

    @Override
    public void failedBeforeCommit(UpstreamFailure failure) {
      failed(account, failure);
    }

    @Override
    public void delivering(UpstreamEvent event) {
      if (firstTokenNanos < 0 && event.type().endsWith(".delta")) {
        firstTokenNanos = System.nanoTime();
      }
      if (event instanceof UpstreamEvent.RateLimits limits) {
        record(account, new AccountEvent.UsageObserved(limits.snapshot()));
      }
    }

    @Override
    public void ended(UpstreamEvent terminal) {
      ctx.accounts().release(account);
      Instant now = now();
      if (terminal instanceof UpstreamEvent.Completed completed) {
        record(account, new AccountEvent.RequestSucceeded());
        Optional<ResponseUsage> usage = completed.usage();
        long costMicros = 0;
        if (usage.isPresent()) {
          Usage actual = Usage.priced(request.model(), usage.get().tokens(), ctx.prices());
          costMicros = actual.costMicros();
          ctx.ledgers().settle(key.id(), reservation, actual, now);
        } else {
          reservation.release(now); // no usage reported: never taken as zero, nor guessed
        }
        log(Optional.of(account), 200, Optional.empty(), usage, costMicros);
        return;
      }
      UpstreamFailure failure = ((UpstreamEvent.Failed) terminal).failure();
      failure.accountEvent().ifPresent(event -> record(account, event));
      reservation.release(now);
      log(Optional.of(account), 200, Optional.of(failure.code()), Optional.empty(), 0);
    }

    @Override
    public void cancelled() {
      ctx.accounts().release(account);
      reservation.release(now());
      log(
          Optional.of(account),
          CLIENT_CLOSED_REQUEST,
          Optional.of("client_closed_request"),
          Optional.empty(),
          0);
    }
  }
}
