package io.codexlb.port.out;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.concurrent.CompletionStage;

/**
 * The local HTTP listener the browser is redirected to after a browser login ({@code GET
 * /auth/callback}). It is opened for one pending flow only and closed when the flow ends or its
 * lifetime passes, so the port is never left held.
 */
public interface OAuthCallbackListener {

  /** What the listener does with a callback; the reply is the page the browser shows. */
  interface Handler {

    /** One callback arrived; the page says whether the login is done. */
    CompletionStage<Page> callback(OAuthCallback callback);

    /** The lifetime passed: the listener has closed itself. */
    void expired();
  }

  /**
   * The page shown in the browser.
   *
   * @param success whether the login completed
   * @param message one line for the user
   */
  record Page(boolean success, String message) {
    public Page {
      requireNonNull(message, "message");
    }
  }

  /** An open listener. */
  interface Open {

    /** The redirect URI that reaches it. */
    String redirectUri();

    /** Closes it; idempotent. */
    CompletionStage<Void> close();
  }

  /** What opening gave. */
  sealed interface Opening {}

  /** Listening. */
  record Listening(Open listener) implements Opening {
    public Listening {
      requireNonNull(listener, "listener");
    }
  }

  /** The port is taken by another process. */
  record PortInUse(int port) implements Opening {}

  /**
   * Opens the listener, which closes itself after {@code lifetime} (then calls {@link
   * Handler#expired()}).
   */
  CompletionStage<Opening> open(Handler handler, Duration lifetime);
}
