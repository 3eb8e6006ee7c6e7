package io.codexlb.application;

import io.codexlb.domain.account.AccountEvent;
import io.codexlb.domain.account.AccountId;
import io.codexlb.domain.key.ApiKey;
import io.codexlb.domain.limit.Usage;
import io.codexlb.domain.pricing.TokenUsage;
import io.codexlb.domain.upstream.ResponseUsage;
import io.codexlb.domain.upstream.UpstreamEvent;
import io.codexlb.domain.upstream.UpstreamFailure;
import io.codexlb.port.in.ProxyResponsesCommand;
import io.codexlb.port.in.ProxyResponsesResult.Refusal;
import io.codexlb.port.out.RequestLog;
import java.time.Instant;
import java.util.HashSet;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The settlement of one request: what its attempts learnt of accounts goes to the pool as they
 * learn it, and when the request ends (refused, completed, failed after its first content, or
 * cancelled by the client) its reservation is settled with the usage upstream reported or released,
 * and its request log is written with the timings measured along the way.
 *
 * <p>A request's steps run one after another, never at the same time, so its fields need no lock.
 * Ending a request twice is a bug the reservation and the log would show; each end is called once.
 */
final class Settlement {

  /** Logged for a client that went away before the end of the stream (nginx's convention). */
  static final int CLIENT_CLOSED_REQUEST = 499;

  private final Recorder recorder;
  private final ProxyResponsesCommand request;
  private final ApiKey key;
  private final Optional<KeyHold> reservation;
  private final Usage estimate;
  private final long startNanos;
  private final Set<AccountId> tried = new HashSet<>();

  private Optional<AccountId> lastTried = Optional.empty();
  private long selectNanos;
  private long upstreamNanos;
  private long firstTokenNanos = -1;
  // Whether content reached a client that takes the answer as a stream: part of it was served.
  private boolean served;

  /**
   * @param estimate what the reservation holds (the usage charged when a client that was served
   *     part of its answer goes away before upstream reported the actual usage)
   */
  Settlement(
      Recorder recorder,
      ProxyResponsesCommand request,
      ApiKey key,
      Optional<KeyHold> reservation,
      Usage estimate,
      long startNanos) {
    this.recorder = recorder;
    this.request = request;
    this.key = key;
    this.reservation = reservation;
    this.estimate = estimate;
    this.startNanos = startNanos;
  }

  // --- along the way

  /** Time spent picking an account. */
  void picked(long nanos) {
    selectNanos += nanos;
  }

  /** The request is being sent to this account. */
  void sending(AccountId account) {
    tried.add(account);
    lastTried = Optional.of(account);
  }

  /** Time from sending upstream to its answer (status and headers). */
  void answered(long nanos) {
    upstreamNanos += nanos;
  }

  /** Accounts the request was sent to so far. */
  int attempts() {
    return tried.size();
  }

  /** An event is about to reach the client: the first delta is the time to first token. */
  void delivering(AccountId account, UpstreamEvent event) {
    if (firstTokenNanos < 0 && event.type().endsWith(".delta")) {
      firstTokenNanos = System.nanoTime();
    }
    if (request.streamed() && carriesContent(event)) {
      served = true;
    }
    if (event instanceof UpstreamEvent.RateLimits limits) {
      learned(account, new AccountEvent.UsageObserved(limits.snapshot()));
    }
  }

  /** An attempt failed: the tracer counts it by cause. */
  void attemptFailed(UpstreamFailure failure) {
    recorder.tracer.attemptFailed(failure);
  }

  /** What an attempt learnt of its account; the pool applies it at once and writes it behind. */
  void learned(AccountId account, AccountEvent event) {
    recorder.pool.record(account, event, now());
  }

  // --- the end, once

  /** Nothing was streamed: the reservation is released and the refusal logged. */
  void refused(Refusal refusal) {
    reservation.ifPresent(held -> held.release(now()));
    log(lastTried, refusal.status(), Optional.of(refusal.code()), Optional.empty(), 0);
  }

  /**
   * The stream completed: the account served well, and the reservation is settled with the usage
   * upstream reported (released when it reported none: never taken as zero, nor guessed).
   */
  void completed(AccountId account, UpstreamEvent.Completed completed) {
    learned(account, new AccountEvent.RequestSucceeded());
    Instant now = now();
    Optional<ResponseUsage> usage = completed.usage();
    long costMicros = 0;
    KeyHold held = reservation.orElseThrow();
    if (usage.isPresent()) {
      Usage actual = Usage.priced(request.model(), usage.get().tokens(), recorder.prices);
      costMicros = actual.costMicros();
      held.settle(actual, now);
    } else {
      held.release(now);
    }
    log(Optional.of(account), 200, Optional.empty(), usage, costMicros);
  }

  /** The stream failed after its first content: logged as a 200 with the failure's code. */
  void failedAfterCommit(AccountId account, UpstreamFailure failure) {
    failure.accountEvent().ifPresent(event -> learned(account, event));
    reservation.orElseThrow().release(now());
    log(Optional.of(account), 200, Optional.of(failure.code()), Optional.empty(), 0);
  }

  /**
   * The client went away while an account served it: logged as {@value #CLIENT_CLOSED_REQUEST}.
   * When no content had reached it (an aggregated answer never does before its end), the
   * reservation is released: an abandoned request that served nothing does not count against the
   * key's limits. When part was served, the key is charged what upstream reported, if it had
   * already sent its terminal event, else the reservation's estimate: what the request was admitted
   * with. The log row holds what was charged: upstream's report, the estimate (its input and output
   * tokens, none cached or reasoning, and its cost), or nothing.
   *
   * @param completedUnsent upstream's {@code response.completed}, received but not sent on
   */
  void cancelled(AccountId account, Optional<UpstreamEvent.Completed> completedUnsent) {
    Instant now = now();
    KeyHold held = reservation.orElseThrow();
    Optional<ResponseUsage> usage = completedUnsent.flatMap(UpstreamEvent.Completed::usage);
    long costMicros = 0;
    Optional<ResponseUsage> charged = Optional.empty();
    if (!served) {
      held.release(now);
    } else if (usage.isPresent()) {
      Usage actual = Usage.priced(request.model(), usage.get().tokens(), recorder.prices);
      costMicros = actual.costMicros();
      charged = usage;
      held.settle(actual, now);
    } else {
      held.settle(estimate, now);
      // The log says what the key was charged, so that the request log adds up to the key's usage
      // (and a soak can tell the usage charged by estimate from the usage upstream delivered).
      costMicros = estimate.costMicros();
      charged =
          Optional.of(
              new ResponseUsage(
                  new TokenUsage(estimate.inputTokens(), 0, estimate.outputTokens()), 0));
    }
    log(
        Optional.of(account),
        CLIENT_CLOSED_REQUEST,
        Optional.of("client_closed_request"),
        charged,
        costMicros);
  }

  /** Whether part of the answer reached a streaming client before it went away. */
  boolean served() {
    return served;
  }

  /** An event a client sees as part of the answer: a delta, or a part or item done. */
  private static boolean carriesContent(UpstreamEvent event) {
    String type = event.type();
    return type.endsWith(".delta") || type.endsWith(".done") || event.terminal();
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
            millis(selectNanos),
            request.clientRequestId());
    recorder.logs.submit(log);
    recorder.tracer.finished(log, millis(upstreamNanos), tried.size());
  }

  private Instant now() {
    return recorder.clock.instant();
  }

  private static long millis(long nanos) {
    return TimeUnit.NANOSECONDS.toMillis(Math.max(0, nanos));
  }
}
