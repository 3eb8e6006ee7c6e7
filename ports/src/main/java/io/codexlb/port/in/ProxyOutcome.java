package io.codexlb.port.in;

import static java.util.Objects.requireNonNull;

import io.codexlb.port.out.UpstreamEvent;
import java.util.Map;
import java.util.concurrent.Flow;

/** How the proxy answers a request: refused before anything was streamed, or a stream. */
public sealed interface ProxyOutcome {

  /**
   * Nothing was streamed; the client gets an error status.
   *
   * @param refusal why, with the status and error code the client gets
   */
  record Refused(ProxyRefusal refusal) implements ProxyOutcome {
    public Refused {
      requireNonNull(refusal, "refusal");
    }
  }

  /**
   * An account is serving. The events end with a terminal one ({@link UpstreamEvent#terminal()}); a
   * failure after this point is a terminal {@link UpstreamEvent.Failed} event, never a refusal. The
   * caller must subscribe once, or subscribe and cancel: the reservation, the account's slot and
   * the request log are settled when the stream ends or is cancelled (a client that went away).
   *
   * @param headersForClient upstream response headers the client should get, names in lower case
   * @param events the response's events, demand-driven
   */
  record Streaming(Map<String, String> headersForClient, Flow.Publisher<UpstreamEvent> events)
      implements ProxyOutcome {
    public Streaming {
      headersForClient = Map.copyOf(requireNonNull(headersForClient, "headersForClient"));
      requireNonNull(events, "events");
    }
  }
}
