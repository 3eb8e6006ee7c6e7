package io.codexlb.port.out;

import io.codexlb.domain.upstream.UpstreamFailure;

/**
 * Told about every request the proxy finished, after its request log is queued: the server logs the
 * guide's latency components from it at DEBUG (time to select an account, time for the upstream
 * request, time for response processing), and the metrics count it. Called on the request's thread;
 * must not block.
 */
public interface ProxyTracer {

  /** A tracer that does nothing. */
  ProxyTracer NONE = (log, upstreamMillis, attempts) -> {};

  /**
   * Reports one finished request.
   *
   * @param log the request as logged: its select time, latency and time to first token
   * @param upstreamMillis from sending upstream to its answer (status and headers), summed over
   *     attempts; 0 when nothing was sent
   * @param attempts how many accounts were tried
   */
  void finished(RequestLog log, long upstreamMillis, int attempts);

  /**
   * Reports one failed attempt of a request on an account (before or after its first content), so
   * that failures can be counted by cause. Called on the request's thread; must not block.
   *
   * @param failure what the attempt failed with
   */
  default void attemptFailed(UpstreamFailure failure) {}
}
