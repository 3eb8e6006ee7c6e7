package io.codexlb.port.in;

import java.util.concurrent.CompletionStage;

/**
 * Serves one Responses request through the pool: the proxy's data plane. It authenticates the key,
 * checks the model against the key's allow-list, reserves against the key's limits, picks an
 * account (sticky when the request names a session), forwards, fails over before anything reached
 * the client, and, once the response ends, settles the limits with the actual usage, updates the
 * account and appends a request log. Everything on this path is in memory; the store is written
 * behind it.
 */
public interface ProxyResponsesUseCase {

  /**
   * Starts serving a request.
   *
   * @return completes once the outcome is known: a refusal (nothing was streamed), or a stream
   *     whose first events are already in hand (failover is over). Never completes exceptionally
   *     for anything a client or upstream did.
   */
  CompletionStage<ProxyResponsesResult> serve(ProxyResponsesCommand request);
}
