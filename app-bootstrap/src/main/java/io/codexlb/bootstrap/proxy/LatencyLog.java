package io.codexlb.bootstrap.proxy;

import io.codexlb.port.out.ProxyTracer;
import io.codexlb.port.out.RequestLog;
import jakarta.inject.Inject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs the troubleshooting guide's latency components of every proxied request at DEBUG: time to
 * select an account, time for the upstream request, time for response processing (the rest of the
 * request's time), with the request id so that a client's {@code X-Request-ID} finds the line.
 */
public final class LatencyLog implements ProxyTracer {

  private static final Logger log = LoggerFactory.getLogger("io.codexlb.proxy.latency");

  @Inject
  LatencyLog() {}

  @Override
  public void finished(RequestLog request, long upstreamMillis, int attempts) {
    if (!log.isDebugEnabled()) {
      return;
    }
    long processing =
        Math.max(0, request.latencyMillis() - request.selectMillis() - upstreamMillis);
    log.debug(
        "request {} status={} select_account_ms={} upstream_ms={} processing_ms={} total_ms={}"
            + " first_token_ms={} accounts_tried={}{}",
        request.requestId(),
        request.statusCode(),
        request.selectMillis(),
        upstreamMillis,
        processing,
        request.latencyMillis(),
        request.firstTokenMillis().isPresent() ? request.firstTokenMillis().getAsLong() : "-",
        attempts,
        // The client's own id, when it sent one, so either id finds the line.
        request.clientRequestId().map(id -> " client_request_id=" + id).orElse(""));
  }
}
