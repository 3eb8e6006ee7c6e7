package io.codexlb.port.in;

import static java.util.Objects.requireNonNull;

/** What starting a login flow gave. */
public sealed interface OAuthStartResult {

  /** A flow (pending, or failed at once when the device endpoint is unavailable). */
  record Started(OAuthFlowResult flow) implements OAuthStartResult {
    public Started {
      requireNonNull(flow, "flow");
    }
  }

  /** A browser flow cannot listen for its callback: another process holds the port. */
  record CallbackPortInUse(int port) implements OAuthStartResult {}
}
