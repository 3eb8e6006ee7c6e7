package io.codexlb.application;

import static java.util.Objects.requireNonNull;

import io.codexlb.domain.sticky.StickyKey;
import io.codexlb.domain.sticky.StickyKeys;
import io.codexlb.domain.upstream.UpstreamBreaker;
import io.codexlb.port.in.ProxyResponsesCommand;
import io.codexlb.port.in.ProxyResponsesResult;
import io.codexlb.port.in.ProxyResponsesUseCase;
import io.codexlb.port.out.UpstreamClient;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Serves each Responses request through the pool (see {@link ProxyResponsesUseCase}): the {@link
 * KeyGate} decides what needs no account (key, model, limits), then a {@link FailoverLoop} picks,
 * sends and fails over, and the request's {@link Settlement} records how it went.
 */
final class ProxyService implements ProxyResponsesUseCase {

  private final KeyGate gate;
  private final AccountPool pool;
  private final UpstreamClient upstream;
  private final UpstreamBreaker breaker;
  private final TokenRenewal renewal;
  private final Recorder recorder;
  private final Clock clock;

  /**
   * @param gate checks the key, the model and the key's limits
   * @param pool the accounts requests are routed over
   * @param upstream forwards to ChatGPT
   * @param breaker the circuit breaker on upstream, shared by every request
   * @param renewal renews an account's tokens on a 401
   * @param recorder records what requests did
   * @param clock the time of picks
   */
  ProxyService(
      KeyGate gate,
      AccountPool pool,
      UpstreamClient upstream,
      UpstreamBreaker breaker,
      TokenRenewal renewal,
      Recorder recorder,
      Clock clock) {
    this.gate = requireNonNull(gate, "gate");
    this.pool = requireNonNull(pool, "pool");
    this.upstream = requireNonNull(upstream, "upstream");
    this.breaker = requireNonNull(breaker, "breaker");
    this.renewal = requireNonNull(renewal, "renewal");
    this.recorder = requireNonNull(recorder, "recorder");
    this.clock = requireNonNull(clock, "clock");
  }

  @Override
  public CompletionStage<ProxyResponsesResult> serve(ProxyResponsesCommand request) {
    requireNonNull(request, "request");
    long startNanos = System.nanoTime();
    // Complete at once unless a limit's slice had to be leased: then the rest follows the lease.
    return gate.admit(request).thenCompose(decision -> serve(request, decision, startNanos));
  }

  private CompletionStage<ProxyResponsesResult> serve(
      ProxyResponsesCommand request, KeyGate.Decision decision, long startNanos) {
    if (decision instanceof KeyGate.Refused refused) {
      refused
          .key()
          .ifPresent(
              key ->
                  recorder
                      .open(request, key, Optional.empty(), startNanos)
                      .refused(refused.refusal()));
      return CompletableFuture.completedFuture(new ProxyResponsesResult.Refused(refused.refusal()));
    }
    KeyGate.Admitted admitted = (KeyGate.Admitted) decision;
    Settlement settlement =
        recorder.open(request, admitted.key(), admitted.hold(), admitted.estimate(), startNanos);
    Optional<StickyKey> session =
        StickyKeys.from(request.promptCacheKey().orElse(null), request::header);
    // A key whose pin memory lacks waits for one bounded store read (a restart, another instance).
    return pool.sticky()
        .recall(session, clock.instant())
        .thenCompose(
            recalled ->
                new FailoverLoop(
                        pool, upstream, breaker, renewal, clock, request, session, settlement)
                    .start());
  }
}
