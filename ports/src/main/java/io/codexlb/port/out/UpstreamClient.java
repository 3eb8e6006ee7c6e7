package io.codexlb.port.out;

import io.codexlb.domain.upstream.UpstreamFailure;
import java.util.concurrent.CompletionStage;

/**
 * Forwards Responses requests to the ChatGPT Codex backend ({@code POST {base}/codex/responses},
 * always streamed upstream), as one pooled account.
 *
 * <p>Contract: the stage completes when upstream has answered with a status and headers: {@link
 * UpstreamReply.Streaming} for a 2xx, {@link UpstreamReply.Refused} with a classified {@link
 * UpstreamFailure} otherwise. Upstream problems, including a refused connection or a timeout, are
 * refusals ({@link UpstreamFailure.Transient} with status 0), never an exceptionally completed
 * stage; that is kept for bugs. Nothing of the client's own credentials reaches upstream, and the
 * account's token never appears in a log or an exception message. Connections are pooled and kept
 * alive.
 *
 * <p>Cancellation: cancelling the returned stage ({@code toCompletableFuture().cancel(...)}) before
 * it completed abandons the request (its client went away): the adapter resets the exchange, so its
 * connection is closed rather than returned to the pool with an answer still coming, and an answer
 * that arrives anyway is discarded (a stream is cancelled). Cancelling a completed stage changes
 * nothing; a stream already handed out is cancelled through its subscription.
 */
public interface UpstreamClient {

  /**
   * Sends one request.
   *
   * @return the answer's status and headers; may be cancelled (see above)
   */
  CompletionStage<UpstreamReply> send(UpstreamRequest request);
}
