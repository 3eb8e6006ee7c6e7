package io.codexlb.application;

import io.codexlb.domain.account.AccountEvent;
import io.codexlb.domain.account.AccountId;
import io.codexlb.domain.account.AccountStatus;
import io.codexlb.domain.routing.PickResult;
import io.codexlb.domain.routing.RefusalReason;
import io.codexlb.domain.sticky.StickyKey;
import io.codexlb.domain.upstream.UpstreamBreaker;
import io.codexlb.domain.upstream.UpstreamEvent;
import io.codexlb.domain.upstream.UpstreamFailure;
import io.codexlb.port.in.ProxyResponsesCommand;
import io.codexlb.port.in.ProxyResponsesResult;
import io.codexlb.port.in.ProxyResponsesResult.Refusal;
import io.codexlb.port.out.UpstreamClient;
import io.codexlb.port.out.UpstreamCredentials;
import io.codexlb.port.out.UpstreamReply;
import io.codexlb.port.out.UpstreamRequest;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import org.jspecify.annotations.Nullable;

/**
 * One request's way through the pool, from its first pick until an account commits to an answer:
 * pick an account (waiting in the pool's queue while every account that could serve is at its cap),
 * send, and on a failure before any content reached the client, try another (at most {@link
 * #MAX_ACCOUNTS}); a 401 renews the account's token once (joining a renewal already running) and
 * sends again. Upstream that cannot be reached at all counts towards the {@link UpstreamBreaker},
 * not against the account; while the breaker is open, requests are refused with {@code
 * upstream_unavailable} without being sent. What each attempt learns, and how the request ends,
 * goes to its {@link Settlement}; every failed attempt is logged (INFO or WARN) with the request
 * id, the account and the cause.
 *
 * <p>Its steps run one after another (each starts when the previous one's stage completes), never
 * at the same time, so its fields need no lock. The one signal from outside, the client going away
 * ({@link ProxyResponsesCommand#clientGone()}), may come on any thread at any time: it only sets a
 * volatile flag and cancels what is in flight (the wait for a slot, the upstream send whose headers
 * have not come, or the attempt's stream), and each step checks the flag before it goes on, so the
 * request ends within the step it was in, releasing its account slot and its reservation.
 */
final class FailoverLoop {

  private static final Logger log = System.getLogger(FailoverLoop.class.getName());

  /** Accounts a request is tried on before its last failure goes back to the client. */
  static final int MAX_ACCOUNTS = 3;

  private final AccountPool pool;
  private final UpstreamClient upstream;
  private final UpstreamBreaker breaker;
  private final TokenRenewal renewal;
  private final Clock clock;
  private final ProxyResponsesCommand request;
  private final Optional<StickyKey> session;
  private final Settlement settlement;
  private final CompletableFuture<ProxyResponsesResult> outcome = new CompletableFuture<>();
  private final Set<AccountId> excluded = new HashSet<>();
  private final Set<AccountId> renewed = new HashSet<>();

  private Optional<UpstreamFailure> lastFailure = Optional.empty();
  private Optional<Instant> limitedUntil = Optional.empty();
  private int sends;

  // Written by the client-gone signal (any thread) and read by the steps: each side writes its own
  // field before it reads the other's, so one of them always sees the other and cancels.
  private volatile boolean clientGone;
  private volatile boolean firstBytesDue;
  private volatile @Nullable CompletableFuture<PickResult> waiting;
  private volatile @Nullable CompletableFuture<UpstreamReply> sending;
  private volatile @Nullable Attempt attempt;

  FailoverLoop(
      AccountPool pool,
      UpstreamClient upstream,
      UpstreamBreaker breaker,
      TokenRenewal renewal,
      Clock clock,
      ProxyResponsesCommand request,
      Optional<StickyKey> session,
      Settlement settlement) {
    this.pool = pool;
    this.upstream = upstream;
    this.breaker = breaker;
    this.renewal = renewal;
    this.clock = clock;
    this.request = request;
    this.session = session;
    this.settlement = settlement;
  }

  /** Runs the loop; completes with the committed stream or the refusal. */
  CompletionStage<ProxyResponsesResult> start() {
    request.clientGone().thenRun(this::onClientGone);
    request.firstBytesDue().thenRun(this::onFirstBytesDue);
    pickNext();
    return outcome;
  }

  /**
   * The client went away: cancels the wait for a slot (the queue drops it), the send in flight
   * (upstream resets it) or the attempt's stream; a step between those sees the flag.
   */
  private void onClientGone() {
    clientGone = true;
    CompletableFuture<PickResult> queued = waiting;
    if (queued != null) {
      queued.cancel(false);
    }
    CompletableFuture<UpstreamReply> inFlight = sending;
    if (inFlight != null) {
      inFlight.cancel(false);
    }
    Attempt current = attempt;
    if (current != null) {
      current.relay.abandon();
    }
  }

  /** The client should see its response start: the attempt holds nothing back any more. */
  private void onFirstBytesDue() {
    firstBytesDue = true;
    Attempt current = attempt;
    if (current != null) {
      current.relay.commitNow();
    }
  }

  private void pickNext() {
    if (clientGone) {
      refuse(new Refusal.ClientGone());
      return;
    }
    long before = System.nanoTime();
    CompletableFuture<PickResult> pick = pool.pickOrWait(session, excluded, clock.instant());
    waiting = pick;
    if (clientGone) {
      pick.cancel(false);
    }
    pick.whenComplete(
        (result, error) -> {
          waiting = null;
          settlement.picked(System.nanoTime() - before);
          if (clientGone) {
            // Left while waiting for a slot (the queue dropped the wait), or just as one came.
            if (result instanceof PickResult.Picked picked) {
              pool.release(picked.account());
            }
            refuse(new Refusal.ClientGone());
            return;
          }
          if (error != null) {
            // The wait ended without a slot and without the client leaving: the pool is busy.
            refuse(new Refusal.AccountsBusy(SlotQueue.BUSY_RETRY_AFTER.toSeconds()));
            return;
          }
          picked(result);
        });
  }

  private void picked(PickResult pick) {
    if (pick instanceof PickResult.Refused refused) {
      refuse(refusalFor(refused));
      return;
    }
    AccountId id = ((PickResult.Picked) pick).account();
    Optional<CompletionStage<TokenRenewal.Outcome>> renewing =
        renewal.renewIfDue(id, clock.instant());
    if (renewing.isPresent()) {
      // Its token is being renewed, or is due (old, or about to expire): wait for the new one.
      renewing
          .get()
          .thenAccept(
              outcome -> {
                outcome.learnt().ifPresent(event -> settlement.learned(id, event));
                if (outcome.renewed() || stillUsable(id)) {
                  // Not renewed for now (the token endpoint failed): the old token may still do.
                  send(id);
                } else {
                  pool.release(id);
                  excluded.add(id);
                  lastFailure = Optional.of(unusable());
                  pickNext();
                }
              });
      return;
    }
    send(id);
  }

  /** Why no account serves, once the pick (and any wait for a slot) gave up. */
  private Refusal refusalFor(PickResult.Refused refused) {
    if (refused.reason() == RefusalReason.ALL_BUSY) {
      return new Refusal.AccountsBusy(SlotQueue.BUSY_RETRY_AFTER.toSeconds());
    }
    // Accounts that just hit their limits are why none is left: that is the pool's state, not
    // an upstream fault. Anything else that failed is upstream's.
    if (lastFailure.isEmpty() || isLimit(lastFailure.get())) {
      return new Refusal.NoAccounts(withKnownReset(refused));
    }
    if (lastFailure.get() instanceof UpstreamFailure.Unreachable) {
      return unavailable();
    }
    return new Refusal.UpstreamFailed(lastFailure.get());
  }

  private void send(AccountId id) {
    Instant now = clock.instant();
    if (breaker.admit(now) instanceof UpstreamBreaker.Decision.Open open) {
      // Upstream is down: sending would only wait for a connect failure. No account is blamed.
      pool.release(id);
      refuse(new Refusal.UpstreamUnavailable(open.retryAt()));
      return;
    }
    Optional<UpstreamCredentials> credentials = pool.credentials(id);
    if (credentials.isEmpty()) {
      // Gone from the pool since the pick, or its token cannot be opened: try another.
      pool.release(id);
      excluded.add(id);
      lastFailure = Optional.of(unusable());
      pickNext();
      return;
    }
    if (clientGone) {
      pool.release(id);
      refuse(new Refusal.ClientGone());
      return;
    }
    settlement.sending(id);
    sends++;
    long sent = System.nanoTime();
    UpstreamCredentials used = credentials.get();
    CompletableFuture<UpstreamReply> reply =
        upstream
            .send(new UpstreamRequest(used, request.body(), request.headers(), request.requestId()))
            .toCompletableFuture();
    sending = reply;
    if (clientGone) {
      reply.cancel(false);
    }
    reply.whenComplete(
        (answer, error) -> {
          sending = null;
          settlement.answered(System.nanoTime() - sent);
          if (clientGone) {
            abandoned(id, answer);
          } else if (error != null) {
            // A bug of the client (its contract keeps failures for those); logged as the
            // attempt's failure, with the exception's class.
            failed(
                id,
                used,
                new UpstreamFailure.Transient(
                    0, "upstream_error", "upstream client failed: " + error.getClass().getName()));
          } else {
            replied(id, used, answer);
          }
        });
  }

  /** The client left while upstream's headers were awaited: the answer, if any, is discarded. */
  private void abandoned(AccountId id, @Nullable UpstreamReply answer) {
    if (answer instanceof UpstreamReply.Streaming streaming) {
      streaming.events().subscribe(new Discard());
    }
    pool.release(id);
    refuse(new Refusal.ClientGone());
  }

  private void replied(AccountId id, UpstreamCredentials used, UpstreamReply reply) {
    if (reply instanceof UpstreamReply.Refused refused
        && refused.failure() instanceof UpstreamFailure.Unreachable) {
      breaker.unreachable(clock.instant());
    } else {
      // Any HTTP answer, even an error, proves upstream is reachable.
      breaker.answered();
    }
    reply.quota().ifPresent(quota -> settlement.learned(id, new AccountEvent.UsageObserved(quota)));
    if (reply instanceof UpstreamReply.Refused refused) {
      failed(id, used, refused.failure());
      return;
    }
    UpstreamReply.Streaming streaming = (UpstreamReply.Streaming) reply;
    Attempt started = new Attempt(id, used, streaming.headersForClient());
    attempt = started;
    if (clientGone) {
      started.relay.abandon(); // before upstream subscribes: the relay cancels it at once
    } else if (firstBytesDue) {
      started.relay.commitNow(); // commits at upstream's first event
    }
    streaming.events().subscribe(started.relay);
  }

  /** A failure before anything reached the client. */
  private void failed(AccountId id, UpstreamCredentials used, UpstreamFailure failure) {
    attempt = null;
    logFailure(id, failure, false);
    noteReset(failure);
    failure.accountEvent().ifPresent(event -> settlement.learned(id, event));
    lastFailure = Optional.of(failure);
    if (failure instanceof UpstreamFailure.Unauthorized && renewed.add(id)) {
      // The request keeps its slot on the account while the token is renewed.
      renewThenRetry(id, used);
      return;
    }
    pool.release(id);
    if (failure instanceof UpstreamFailure.Unreachable) {
      retryUnreachable();
      return;
    }
    if (failure.failsOver() || failure instanceof UpstreamFailure.Unauthorized) {
      failOver(id);
      return;
    }
    refuse(new Refusal.UpstreamFailed(failure));
  }

  /**
   * Upstream could not be reached: no account's fault, so none is excluded; another attempt may get
   * through a blip, unless the breaker opened or the request has had its attempts.
   */
  private void retryUnreachable() {
    if (breaker.isOpen() || sends >= MAX_ACCOUNTS) {
      refuse(unavailable());
    } else {
      pickNext();
    }
  }

  private void failOver(AccountId id) {
    excluded.add(id);
    if (settlement.attempts() < MAX_ACCOUNTS) {
      pickNext();
    } else if (isLimit(lastFailure.orElseThrow())) {
      // Every account tried hit its limit: that is "no accounts" with their reset, never a 502.
      refuse(
          new Refusal.NoAccounts(
              withKnownReset(
                  new PickResult.Refused(RefusalReason.NONE_AVAILABLE, Optional.empty()))));
    } else {
      refuse(new Refusal.UpstreamFailed(lastFailure.orElseThrow()));
    }
  }

  private void renewThenRetry(AccountId id, UpstreamCredentials rejected) {
    renewal
        .renew(id, rejected)
        .thenAccept(
            result -> {
              result.learnt().ifPresent(event -> settlement.learned(id, event));
              if (result.renewed()) {
                send(id);
              } else {
                pool.release(id);
                failOver(id);
              }
            });
  }

  /** Whether the account is in the pool and not deactivated. */
  private boolean stillUsable(AccountId id) {
    return pool.account(id)
        .filter(
            account ->
                account.account().effectiveStatus(clock.instant()) != AccountStatus.DEACTIVATED)
        .isPresent();
  }

  /** 503 {@code upstream_unavailable}, retried when the breaker probes next (or in a second). */
  private Refusal unavailable() {
    Instant now = clock.instant();
    return new Refusal.UpstreamUnavailable(breaker.retryAt().orElse(now.plusSeconds(1)));
  }

  private static UpstreamFailure unusable() {
    return new UpstreamFailure.Transient(0, "account_unusable", "the account's token is unusable");
  }

  private static boolean isLimit(UpstreamFailure failure) {
    return failure instanceof UpstreamFailure.RateLimited
        || failure instanceof UpstreamFailure.QuotaExceeded;
  }

  /**
   * One line per failed attempt, at INFO for what the pool handles by itself (limits, a 401, a
   * refusal of the request) and WARN for upstream trouble: the request id, the account and the
   * cause, never a token.
   */
  private void logFailure(AccountId id, UpstreamFailure failure, boolean afterCommit) {
    settlement.attemptFailed(failure);
    boolean trouble =
        failure instanceof UpstreamFailure.Transient
            || failure instanceof UpstreamFailure.Unreachable;
    log.log(
        trouble ? Level.WARNING : Level.INFO,
        "request {0}: attempt {1} on account {2} failed{3}: {4}",
        request.requestId(),
        sends,
        id.value(),
        afterCommit ? " after its first content" : "",
        describe(failure));
  }

  /** The cause of a failure for a log line: kind, HTTP status when there was one, and code. */
  static String describe(UpstreamFailure failure) {
    if (failure instanceof UpstreamFailure.Unreachable unreachable) {
      return "upstream unreachable ("
          + unreachable.code()
          + "), no account blamed: "
          + unreachable.message();
    }
    if (failure instanceof UpstreamFailure.RateLimited limited) {
      return "rate limited ("
          + limited.code()
          + ")"
          + limited.resetAt().map(at -> ", resets at " + at).orElse("");
    }
    if (failure instanceof UpstreamFailure.QuotaExceeded quota) {
      return "quota exceeded ("
          + quota.code()
          + ")"
          + quota.resetAt().map(at -> ", resets at " + at).orElse("");
    }
    if (failure instanceof UpstreamFailure.Unauthorized unauthorized) {
      return "HTTP 401 (" + unauthorized.code() + ")";
    }
    if (failure instanceof UpstreamFailure.Rejected rejected) {
      return "HTTP " + rejected.status() + " (" + rejected.code() + ")";
    }
    UpstreamFailure.Transient failed = (UpstreamFailure.Transient) failure;
    return (failed.status() == 0 ? "no HTTP answer" : "HTTP " + failed.status())
        + " ("
        + failed.code()
        + "): "
        + failed.message();
  }

  /** Notes when an account that just hit its limit said it would be back. */
  private void noteReset(UpstreamFailure failure) {
    Optional<Instant> reset = Optional.empty();
    if (failure instanceof UpstreamFailure.RateLimited limited) {
      reset = limited.resetAt().or(() -> limited.retryAfter().map(clock.instant()::plus));
    } else if (failure instanceof UpstreamFailure.QuotaExceeded quota) {
      reset = quota.resetAt();
    }
    reset.ifPresent(
        until ->
            limitedUntil =
                Optional.of(limitedUntil.filter(known -> known.isBefore(until)).orElse(until)));
  }

  /**
   * The refusal with the soonest reset this request learnt, when the pick could not know it: the
   * accounts that just hit their limits were excluded from the pick, so it carries no reset of
   * theirs, yet they are why the client should come back later.
   */
  private PickResult.Refused withKnownReset(PickResult.Refused refused) {
    if (limitedUntil.isEmpty()) {
      return refused;
    }
    Instant learnt = limitedUntil.get();
    Instant earliest =
        refused.earliestReset().filter(reset -> reset.isBefore(learnt)).orElse(learnt);
    // With the limited accounts counted back in, the pool is a mix (or all limited): the pick's
    // "no accounts" or "all paused" described only the accounts it was left with.
    RefusalReason reason =
        refused.reason() == RefusalReason.ALL_LIMITED
            ? RefusalReason.ALL_LIMITED
            : RefusalReason.NONE_AVAILABLE;
    return new PickResult.Refused(reason, Optional.of(earliest));
  }

  private void refuse(Refusal refusal) {
    settlement.refused(refusal);
    outcome.complete(new ProxyResponsesResult.Refused(refusal));
  }

  /** One account's stream, from its first event to its end. */
  private final class Attempt implements ResponseRelay.Listener {
    private final AccountId account;
    private final UpstreamCredentials used;
    private final Map<String, String> headersForClient;
    private final ResponseRelay relay = new ResponseRelay(this);

    Attempt(AccountId account, UpstreamCredentials used, Map<String, String> headersForClient) {
      this.account = account;
      this.used = used;
      this.headersForClient = headersForClient;
    }

    @Override
    public void committed() {
      outcome.complete(new ProxyResponsesResult.Streaming(headersForClient, relay));
    }

    @Override
    public void failedBeforeCommit(UpstreamFailure failure) {
      failed(account, used, failure);
    }

    @Override
    public void delivering(UpstreamEvent event) {
      settlement.delivering(account, event);
    }

    @Override
    public void ended(UpstreamEvent terminal) {
      pool.release(account);
      if (terminal instanceof UpstreamEvent.Completed completed) {
        settlement.completed(account, completed);
      } else {
        UpstreamFailure failure = ((UpstreamEvent.Failed) terminal).failure();
        logFailure(account, failure, true);
        settlement.failedAfterCommit(account, failure);
      }
    }

    @Override
    public void cancelled(Optional<UpstreamEvent.Completed> completedUnsent) {
      pool.release(account);
      settlement.cancelled(account, completedUnsent);
      // Abandoned before the commit: the request ends here, already settled.
      outcome.complete(new ProxyResponsesResult.Refused(new Refusal.ClientGone()));
    }
  }

  /** Takes a stream nobody will read and cancels it at once, which resets it upstream. */
  private static final class Discard implements Flow.Subscriber<UpstreamEvent> {
    @Override
    public void onSubscribe(Flow.Subscription subscription) {
      subscription.cancel();
    }

    @Override
    public void onNext(UpstreamEvent item) {}

    @Override
    public void onError(Throwable throwable) {}

    @Override
    public void onComplete() {}
  }
}
