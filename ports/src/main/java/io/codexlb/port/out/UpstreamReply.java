package io.codexlb.port.out;

import static java.util.Objects.requireNonNull;

import io.codexlb.domain.account.UsageSnapshot;
import io.codexlb.domain.upstream.UpstreamEvent;
import io.codexlb.domain.upstream.UpstreamFailure;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Flow;

/** How upstream answered a request: a stream of events, or a refusal before any. */
public sealed interface UpstreamReply {

  /** The account's quota as the reply's {@code x-codex-*} headers reported it, if they did. */
  Optional<UsageSnapshot> quota();

  /**
   * Upstream accepted the request and is streaming.
   *
   * @param quota the quota headers of the response
   * @param headersForClient response headers the client should get (such as {@code
   *     x-codex-turn-state}), names in lower case
   * @param events the events, ending with a terminal one; demand is honoured (upstream is read only
   *     as fast as the subscriber asks), and cancelling the subscription cancels the upstream
   *     request and frees its connection. Every reply must be subscribed to (once) or cancelled:
   *     until then upstream is paused and its connection held
   */
  record Streaming(
      Optional<UsageSnapshot> quota,
      Map<String, String> headersForClient,
      Flow.Publisher<UpstreamEvent> events)
      implements UpstreamReply {
    public Streaming {
      requireNonNull(quota, "quota");
      headersForClient = Map.copyOf(requireNonNull(headersForClient, "headersForClient"));
      requireNonNull(events, "events");
    }
  }

  /**
   * Upstream refused before streaming (an HTTP error status), or could not be reached.
   *
   * @param failure why, classified
   * @param quota the quota headers of the refusal, if any (a 429 carries them)
   */
  record Refused(UpstreamFailure failure, Optional<UsageSnapshot> quota) implements UpstreamReply {
    public Refused {
      requireNonNull(failure, "failure");
      requireNonNull(quota, "quota");
    }
  }
}
