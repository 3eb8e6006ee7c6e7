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
 */
public interface UpstreamClient {

  /** Sends one request. */
  CompletionStage<UpstreamReply> send(UpstreamRequest request);
}
