package io.codexlb.port.in;

import io.codexlb.domain.admin.AdminActor;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * Adds or re-logs a ChatGPT account by OAuth: a browser login (PKCE, a single-use state, a local
 * callback listener open only while the flow is pending, or the redirected URL pasted by the admin)
 * or a device-code login. A flow lives 15 minutes at most; a completed one stores the account
 * through the import path, so a known account gets its tokens and is never duplicated. Flows live
 * in this process's memory.
 */
public interface OAuthLoginUseCase {

  /** How a login is done. */
  enum Method {
    /** The user opens an authorize URL in a browser; the redirect reaches the callback listener. */
    BROWSER,
    /** The user enters a code at OpenAI's device page; codex-lb polls. */
    DEVICE;

    /** {@code browser} or {@code device}. */
    public String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }

    /** The method named {@code name}, if any. */
    public static Optional<Method> fromWireName(String name) {
      for (Method method : values()) {
        if (method.wireName().equals(name)) {
          return Optional.of(method);
        }
      }
      return Optional.empty();
    }
  }

  /** How a flow ends when its lifetime passes while it is pending. */
  java.time.Duration FLOW_LIFETIME = java.time.Duration.ofMinutes(15);

  /** The message of a callback whose state does not match, or whose flow is not pending. */
  String INVALID_STATE = "Invalid OAuth callback state";

  /** Starts a flow. */
  CompletionStage<OAuthStartResult> start(OAuthLoginUseCase.Method method, AdminActor actor);

  /** The flow's state now; empty for an unknown id. */
  Optional<OAuthFlowResult> status(String flowId);

  /** Completes a browser flow with the URL its redirect landed on. */
  CompletionStage<ManualCallbackResult> manualCallback(
      String flowId, String callbackUrl, AdminActor actor);

  /** Completes when the flow is no longer pending (the command line waits on it). */
  CompletionStage<OAuthFlowResult> finished(String flowId);
}
