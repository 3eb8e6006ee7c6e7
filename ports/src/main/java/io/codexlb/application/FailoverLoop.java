package io.codexlb.application;

import io.codexlb.domain.account.AccountEvent;
import io.codexlb.domain.account.AccountId;
import io.codexlb.domain.routing.PickResult;
import io.codexlb.domain.routing.RefusalReason;
import io.codexlb.domain.sticky.StickyKey;
import io.codexlb.domain.upstream.UpstreamEvent;
import io.codexlb.domain.upstream.UpstreamFailure;
import io.codexlb.port.in.ProxyResponsesCommand;
import io.codexlb.port.in.ProxyResponsesResult;
import io.codexlb.port.in.ProxyResponsesResult.Refusal;
import io.codexlb.port.out.UpstreamClient;
import io.codexlb.port.out.UpstreamCredentials;
import io.codexlb.port.out.UpstreamReply;
import io.codexlb.port.out.UpstreamRequest;
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
 * pick an account, send, and on a failure before any content reached the client, try another (at
 * most {@link #MAX_ACCOUNTS}); a 401 renews the account's token once and sends again. What each
 * attempt learns, and how the request ends, goes to its {@link Settlement}.
 *
 * <p>Its steps run one after another (each starts when the previous one's stage completes), never
 * at the same time, so its fields need no lock. The one signal from outside, the client going away
 * ({@link ProxyResponsesCommand#clientGone()}), may come on any thread at any time: it only sets a
 * volatile flag and cancels what is in flight (the upstream send whose headers have not come, or
 * the attempt's stream), and each step checks the flag before it goes on, so the request ends
 * within the step it was in, releasing its account slot and its reservation.
 */
final class FailoverLoop {

  /** Accounts a request is tried on before its last failure goes back to the client. */
  static final int MAX_ACCOUNTS = 3;

  private final AccountPool pool;
  private final UpstreamClient upstream;
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

  // Written by the client-gone signal (any thread) and read by the steps: each side writes its own
  // field before it reads the other's, so one of them always sees the other and cancels.
  private volatile boolean clientGone;
  private volatile boolean firstBytesDue;
  private volatile @Nullable CompletableFuture<UpstreamReply> sending;
  private volatile @Nullable Attempt attempt;

  FailoverLoop(
      AccountPool pool,
      UpstreamClient upstream,
      TokenRenewal renewal,
      Clock clock,
      ProxyResponsesCommand request,
      Optional<StickyKey> session,
      Settlement settlement) {
    this.pool = pool;
    this.upstream = upstream;
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
   * The client went away: cancels the send in flight (upstream resets it) or the attempt's stream;
   * a step between the two sees the flag. A hook for a request waiting for an account (a queue)
   * belongs here too: cancel its wait.
   */
  private void onClientGone() {
    clientGone = true;
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
    PickResult pick = pool.pickAndAcquire(session, excluded, clock.instant());
    settlement.picked(System.nanoTime() - before);
    if (pick instanceof PickResult.Refused refused) {
      // Accounts that just hit their limits are why none is left: that is the pool's state, not
      // an upstream fault. Anything else that failed is upstream's.
      boolean limited =
          lastFailure.isEmpty()
              || lastFailure.get() instanceof UpstreamFailure.RateLimited
              || lastFailure.get() instanceof UpstreamFailure.QuotaExceeded;
      refuse(
          limited
              ? new Refusal.NoAccounts(withKnownReset(refused))
              : new Refusal.UpstreamFailed(lastFailure.get()));
      return;
    }
    send(((PickResult.Picked) pick).account());
  }

  private void send(AccountId id) {
    Optional<UpstreamCredentials> credentials = pool.credentials(id);
    if (credentials.isEmpty()) {
      // Gone from the pool since the pick, or its token cannot be opened: try another.
      pool.release(id);
      excluded.add(id);
      lastFailure =
          Optional.of(
              new UpstreamFailure.Transient(
                  0, "account_unusable", "the account's token is unusable"));
      pickNext();
      return;
    }
    if (clientGone) {
      pool.release(id);
      refuse(new Refusal.ClientGone());
      return;
    }
    settlement.sending(id);
    long sent = System.nanoTime();
    CompletableFuture<UpstreamReply> reply =
        upstream
            .send(
                new UpstreamRequest(
                    credentials.get(), request.body(), request.headers(), request.requestId()))
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
            failed(
                id,
                new UpstreamFailure.Transient(
                    0, "upstream_error", "upstream client failed: " + error.getClass().getName()));
          } else {
            replied(id, answer);
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

  private void replied(AccountId id, UpstreamReply reply) {
    reply.quota().ifPresent(quota -> settlement.learned(id, new AccountEvent.UsageObserved(quota)));
    if (reply instanceof UpstreamReply.Refused refused) {
      failed(id, refused.failure());
      return;
    }
    UpstreamReply.Streaming streaming = (UpstreamReply.Streaming) reply;
    Attempt started = new Attempt(id, streaming.headersForClient());
    attempt = started;
    if (clientGone) {
      started.relay.abandon(); // before upstream subscribes: the relay cancels it at once
    } else if (firstBytesDue) {
      started.relay.commitNow(); // commits at upstream's first event
    }
    streaming.events().subscribe(started.relay);
  }

  /** A failure before anything reached the client. */
  private void failed(AccountId id, UpstreamFailure failure) {
    attempt = null;
    pool.release(id);
    noteReset(failure);
    failure.accountEvent().ifPresent(event -> settlement.learned(id, event));
    lastFailure = Optional.of(failure);
    if (failure instanceof UpstreamFailure.Unauthorized && renewed.add(id)) {
      renewThenRetry(id);
      return;
    }
    if (failure.failsOver() || failure instanceof UpstreamFailure.Unauthorized) {
      failOver(id);
      return;
    }
    refuse(new Refusal.UpstreamFailed(failure));
  }

  private void failOver(AccountId id) {
    excluded.add(id);
    if (settlement.attempts() < MAX_ACCOUNTS) {
      pickNext();
    } else {
      refuse(new Refusal.UpstreamFailed(lastFailure.orElseThrow()));
    }
  }

  private void renewThenRetry(AccountId id) {
    renewal
        .renew(id)
        .thenAccept(
            result -> {
              result.learnt().ifPresent(event -> settlement.learned(id, event));
              if (result.renewed() && pool.acquire(id)) {
                send(id);
              } else {
                failOver(id);
              }
            });
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
      settlement.delivering(account, event);
    }

    @Override
    public void ended(UpstreamEvent terminal) {
      pool.release(account);
      if (terminal instanceof UpstreamEvent.Completed completed) {
        settlement.completed(account, completed);
      } else {
        settlement.failedAfterCommit(account, ((UpstreamEvent.Failed) terminal).failure());
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
