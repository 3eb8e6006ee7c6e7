package io.codexlb.port.in;

import static java.util.Objects.requireNonNull;

/** What pasting a redirected URL did. */
public sealed interface ManualCallbackResult {

  /** The flow took it (and is now completed or failed). */
  record Handled(OAuthFlowResult flow) implements ManualCallbackResult {
    public Handled {
      requireNonNull(flow, "flow");
    }
  }

  /** No flow has that id. */
  record UnknownFlow() implements ManualCallbackResult {}

  /** The URL has no code and state, nor an error. */
  record NotACallback() implements ManualCallbackResult {}

  /**
   * The flow is not a pending browser flow: its state was used already, or it expired.
   *
   * @param flow the flow as it is
   */
  record NotPending(OAuthFlowResult flow) implements ManualCallbackResult {
    public NotPending {
      requireNonNull(flow, "flow");
    }
  }
}
