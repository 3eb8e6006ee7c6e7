package io.codexlb.application;

import static java.util.Objects.requireNonNull;

import io.codexlb.domain.admin.AdminActor;
import io.codexlb.port.in.ImportAccountCommand;
import io.codexlb.port.in.ImportAccountResult;
import io.codexlb.port.in.ImportAccountUseCase;
import io.codexlb.port.in.ManualCallbackResult;
import io.codexlb.port.in.OAuthFlowResult;
import io.codexlb.port.in.OAuthFlowResult.Status;
import io.codexlb.port.in.OAuthLoginUseCase;
import io.codexlb.port.in.OAuthStartResult;
import io.codexlb.port.out.DeviceApproval;
import io.codexlb.port.out.DeviceCodeIssue;
import io.codexlb.port.out.OAuthCallback;
import io.codexlb.port.out.OAuthCallbackListener;
import io.codexlb.port.out.OAuthClient;
import io.codexlb.port.out.OAuthExchange;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * The login flows. A browser flow holds a PKCE verifier and a single-use state; its callback
 * listener is opened when it starts and closed as soon as it is no longer pending (completed,
 * failed, expired or superseded by a newer browser flow, as the port is one). A device flow polls
 * through the client. Either ends by storing the login through {@link ImportAccountUseCase}, the
 * same path as an imported {@code auth.json}.
 *
 * <p>Flow state changes happen under this object's lock; calls to the ports happen outside it.
 */
public final class OAuthLoginService implements OAuthLoginUseCase {

  private static final System.Logger log = System.getLogger(OAuthLoginService.class.getName());

  /** How long a finished flow's status can still be read. */
  static final Duration FINISHED_RETENTION = Duration.ofHours(1);

  private static final SecureRandom RANDOM = new SecureRandom();

  private final OAuthClient client;
  private final OAuthCallbackListener listener;
  private final ImportAccountUseCase importAccount;
  private final Clock clock;
  private final Map<String, Flow> flows = new ConcurrentHashMap<>();

  /**
   * @param client OpenAI's OAuth server
   * @param listener the browser flow's callback listener
   * @param importAccount stores a completed login
   * @param clock the time
   */
  public OAuthLoginService(
      OAuthClient client,
      OAuthCallbackListener listener,
      ImportAccountUseCase importAccount,
      Clock clock) {
    this.client = requireNonNull(client, "client");
    this.listener = requireNonNull(listener, "listener");
    this.importAccount = requireNonNull(importAccount, "importAccount");
    this.clock = requireNonNull(clock, "clock");
  }

  @Override
  public CompletionStage<OAuthStartResult> start(
      OAuthLoginUseCase.Method method, AdminActor actor) {
    requireNonNull(method, "method");
    requireNonNull(actor, "actor");
    forgetOldFlows();
    return method == OAuthLoginUseCase.Method.BROWSER ? startBrowser(actor) : startDevice(actor);
  }

  @Override
  public Optional<OAuthFlowResult> status(String flowId) {
    requireNonNull(flowId, "flowId");
    Flow flow = flows.get(flowId);
    if (flow == null) {
      return Optional.empty();
    }
    expireIfDue(flow);
    return Optional.of(flow.view());
  }

  @Override
  public CompletionStage<OAuthFlowResult> finished(String flowId) {
    Flow flow = flows.get(requireNonNull(flowId, "flowId"));
    if (flow == null) {
      return CompletableFuture.failedFuture(
          new IllegalArgumentException("flowId: " + flowId + " (expected: a started flow)"));
    }
    return flow.done;
  }

  @Override
  public CompletionStage<ManualCallbackResult> manualCallback(
      String flowId, String callbackUrl, AdminActor actor) {
    requireNonNull(flowId, "flowId");
    requireNonNull(callbackUrl, "callbackUrl");
    requireNonNull(actor, "actor");
    Flow flow = flows.get(flowId);
    if (flow == null) {
      return CompletableFuture.completedFuture(new ManualCallbackResult.UnknownFlow());
    }
    Optional<OAuthCallback> callback = OAuthCallback.parseUrl(callbackUrl);
    if (callback.isEmpty()) {
      return CompletableFuture.completedFuture(new ManualCallbackResult.NotACallback());
    }
    expireIfDue(flow);
    if (flow.method != OAuthLoginUseCase.Method.BROWSER || !flow.takesCallback()) {
      return CompletableFuture.completedFuture(new ManualCallbackResult.NotPending(flow.view()));
    }
    log.log(
        System.Logger.Level.INFO, "oauth flow {0}: callback pasted by {1}", flowId, actor.actor());
    return callback(flow, callback.get())
        .thenApply(ignored -> new ManualCallbackResult.Handled(flow.view()));
  }

  // --- browser ----------------------------------------------------------------------------

  private CompletionStage<OAuthStartResult> startBrowser(AdminActor actor) {
    Instant now = clock.instant();
    Flow flow =
        new Flow(
            newId(),
            OAuthLoginUseCase.Method.BROWSER,
            actor,
            now.plus(FLOW_LIFETIME),
            random(32),
            random(64));
    CompletionStage<Void> previous = supersedePendingBrowserFlows();
    return previous
        .thenCompose(ignored -> listener.open(handlerOf(flow), FLOW_LIFETIME))
        .thenApply(
            opening -> {
              if (opening instanceof OAuthCallbackListener.PortInUse busy) {
                log.log(
                    System.Logger.Level.WARNING,
                    "oauth browser login: callback port {0} is in use",
                    busy.port());
                return new OAuthStartResult.CallbackPortInUse(busy.port());
              }
              OAuthCallbackListener.Open open =
                  ((OAuthCallbackListener.Listening) opening).listener();
              synchronized (this) {
                flow.listener = open;
                flow.redirectUri = open.redirectUri();
                flow.authorizeUrl =
                    client.authorizeUrl(flow.state, challenge(flow.verifier), open.redirectUri());
              }
              flows.put(flow.id, flow);
              log.log(
                  System.Logger.Level.INFO,
                  "oauth flow {0}: browser login started by {1}",
                  flow.id,
                  actor.actor());
              return new OAuthStartResult.Started(flow.view());
            });
  }

  private CompletionStage<Void> supersedePendingBrowserFlows() {
    CompletableFuture<Void> all = CompletableFuture.completedFuture(null);
    for (Flow other : flows.values()) {
      if (other.method == OAuthLoginUseCase.Method.BROWSER
          && end(other, Status.FAILED, "superseded", "A newer browser login was started")) {
        all = all.thenCompose(ignored -> closeListener(other));
      }
    }
    return all;
  }

  private OAuthCallbackListener.Handler handlerOf(Flow flow) {
    return new OAuthCallbackListener.Handler() {
      @Override
      public CompletionStage<OAuthCallbackListener.Page> callback(OAuthCallback callback) {
        return OAuthLoginService.this
            .callback(flow, callback)
            .thenApply(
                view ->
                    view.status() == Status.COMPLETED
                        ? new OAuthCallbackListener.Page(
                            true, "Login complete: you can close this window.")
                        : new OAuthCallbackListener.Page(
                            false, view.errorMessage().orElse("Login failed")));
      }

      @Override
      public void expired() {
        expire(flow);
      }
    };
  }

  /** Takes one callback for {@code flow}: the state is single-use, the flow ends either way. */
  private CompletionStage<OAuthFlowResult> callback(Flow flow, OAuthCallback callback) {
    expireIfDue(flow);
    String code;
    synchronized (this) {
      if (!flow.takesCallback()) {
        return CompletableFuture.completedFuture(rejectedView(flow));
      }
      // Spent now, whatever follows: a replayed callback finds it used.
      flow.stateUsed = true;
      code = null;
      if (!callback.state().equals(Optional.of(flow.state))) {
        end(flow, Status.FAILED, "invalid_state", INVALID_STATE);
      } else if (callback.error().isPresent()) {
        String error = printable(callback.error().get());
        end(flow, Status.FAILED, error, "OAuth error: " + error);
      } else if (callback.code().isEmpty()) {
        end(flow, Status.FAILED, "invalid_callback", "OAuth callback without a code");
      } else {
        code = callback.code().get();
      }
    }
    if (code == null) {
      log.log(
          System.Logger.Level.WARNING,
          "oauth flow {0}: {1}",
          flow.id,
          flow.errorMessage == null ? "failed" : flow.errorMessage);
      // Not awaited: the listener closes once the page for this very callback is written.
      closeListener(flow);
      return CompletableFuture.completedFuture(flow.view());
    }
    String redirectUri = requireNonNull(flow.redirectUri, "redirectUri");
    return client
        .exchangeCode(code, flow.verifier, redirectUri)
        .thenCompose(exchange -> store(flow, exchange))
        .handle(
            (ignored, error) -> {
              if (error != null) {
                log.log(System.Logger.Level.WARNING, "oauth flow " + flow.id + ": failed", error);
                end(flow, Status.FAILED, "exchange_failed", "Token exchange failed");
              }
              closeListener(flow);
              return flow.view();
            });
  }

  private static OAuthFlowResult rejectedView(Flow flow) {
    OAuthFlowResult view = flow.view();
    return new OAuthFlowResult(
        view.flowId(),
        view.method(),
        Status.FAILED,
        view.expiresAt(),
        view.authorizeUrl(),
        view.callbackListening(),
        view.userCode(),
        view.verificationUrl(),
        view.intervalSeconds(),
        Optional.of("invalid_state"),
        Optional.of(INVALID_STATE),
        Optional.empty(),
        Optional.empty(),
        Optional.empty());
  }

  private CompletionStage<Void> closeListener(Flow flow) {
    OAuthCallbackListener.Open open;
    synchronized (this) {
      open = flow.listener;
      flow.listener = null;
    }
    if (open == null) {
      return CompletableFuture.completedFuture(null);
    }
    return open.close()
        .exceptionally(
            error -> {
              log.log(
                  System.Logger.Level.WARNING,
                  "oauth flow " + flow.id + ": closing the callback listener failed",
                  error);
              return null;
            });
  }

  // --- device -----------------------------------------------------------------------------

  private CompletionStage<OAuthStartResult> startDevice(AdminActor actor) {
    Instant now = clock.instant();
    // A device flow's code and verifier come from the server; it has no state of its own.
    Flow flow =
        new Flow(newId(), OAuthLoginUseCase.Method.DEVICE, actor, now.plus(FLOW_LIFETIME), "", "");
    return client
        .requestDeviceCode()
        .thenApply(
            issue -> {
              if (issue instanceof DeviceCodeIssue.Unavailable) {
                end(
                    flow,
                    Status.FAILED,
                    "device_auth_unavailable",
                    "Device code login is not available; use the browser login");
              } else if (issue instanceof DeviceCodeIssue.Failed failed) {
                end(
                    flow,
                    Status.FAILED,
                    "device_auth_failed",
                    "Device code request failed: " + failed.reason());
              } else {
                DeviceCodeIssue.Issued issued = (DeviceCodeIssue.Issued) issue;
                synchronized (this) {
                  flow.device = issued;
                  if (issued.expiresAt().isBefore(flow.expiresAt)) {
                    flow.expiresAt = issued.expiresAt();
                  }
                }
                client
                    .awaitDeviceApproval(issued)
                    .thenCompose(approval -> deviceApproval(flow, approval))
                    .exceptionally(
                        error -> {
                          log.log(
                              System.Logger.Level.WARNING,
                              "oauth flow " + flow.id + ": device login failed",
                              error);
                          end(flow, Status.FAILED, "exchange_failed", "Device login failed");
                          return null;
                        });
              }
              flows.put(flow.id, flow);
              log.log(
                  System.Logger.Level.INFO,
                  "oauth flow {0}: device login started by {1} ({2})",
                  flow.id,
                  actor.actor(),
                  flow.status.wireName());
              return new OAuthStartResult.Started(flow.view());
            });
  }

  private CompletionStage<Void> deviceApproval(Flow flow, DeviceApproval approval) {
    if (approval instanceof DeviceApproval.Approved approved) {
      if (!flow.pending()) {
        return CompletableFuture.completedFuture(null);
      }
      return client
          .exchangeCode(
              approved.authorizationCode(), approved.codeVerifier(), client.deviceRedirectUri())
          .thenCompose(exchange -> store(flow, exchange));
    }
    if (approval instanceof DeviceApproval.Denied) {
      end(flow, Status.FAILED, "access_denied", "OAuth error: access_denied");
    } else if (approval instanceof DeviceApproval.Expired) {
      expire(flow);
    } else if (approval instanceof DeviceApproval.Failed failed) {
      end(flow, Status.FAILED, "device_auth_failed", "Device login failed: " + failed.reason());
    }
    return CompletableFuture.completedFuture(null);
  }

  // --- both -------------------------------------------------------------------------------

  private CompletionStage<Void> store(Flow flow, OAuthExchange exchange) {
    if (exchange instanceof OAuthExchange.Failed failed) {
      end(flow, Status.FAILED, "exchange_failed", "Token exchange failed: " + failed.reason());
      return CompletableFuture.completedFuture(null);
    }
    var login = ((OAuthExchange.Exchanged) exchange).login();
    Instant now = clock.instant();
    return importAccount
        .importAccount(
            new ImportAccountCommand(
                login.chatgptAccountId(),
                login.email(),
                login.plan(),
                login.accessToken(),
                login.refreshToken(),
                login.idToken(),
                Optional.of(now),
                flow.actor,
                now))
        .handle(
            (result, error) -> {
              if (error != null) {
                log.log(
                    System.Logger.Level.ERROR,
                    "oauth flow "
                        + flow.id
                        + ": storing account "
                        + login.chatgptAccountId()
                        + " failed",
                    error);
                end(flow, Status.FAILED, "store_failed", "The account could not be stored");
                return null;
              }
              synchronized (this) {
                flow.accountId = result.id().value();
                flow.email = login.email().orElse(null);
                flow.created = result instanceof ImportAccountResult.Created;
              }
              end(flow, Status.COMPLETED, null, null);
              log.log(
                  System.Logger.Level.INFO,
                  "oauth flow {0}: account {1} {2} by {3}",
                  flow.id,
                  result.id().value(),
                  flow.created ? "added" : "logged in again",
                  flow.actor.actor());
              return null;
            });
  }

  private void expireIfDue(Flow flow) {
    boolean due;
    synchronized (this) {
      due = flow.pending() && !clock.instant().isBefore(flow.expiresAt);
    }
    if (due) {
      expire(flow);
    }
  }

  private void expire(Flow flow) {
    if (end(flow, Status.EXPIRED, "expired", "OAuth flow expired; start a new login")) {
      log.log(System.Logger.Level.INFO, "oauth flow {0}: expired", flow.id);
      closeListener(flow);
    }
  }

  /** Ends a pending flow; false when it had ended already. */
  private boolean end(
      Flow flow, Status status, @Nullable String errorCode, @Nullable String errorMessage) {
    OAuthFlowResult view;
    synchronized (this) {
      if (flow.status != Status.PENDING) {
        return false;
      }
      flow.status = status;
      flow.errorCode = errorCode;
      flow.errorMessage = errorMessage;
      flow.endedAt = clock.instant();
      view = flow.view();
    }
    flow.done.complete(view);
    return true;
  }

  private void forgetOldFlows() {
    Instant cutoff = clock.instant().minus(FINISHED_RETENTION);
    flows.values().removeIf(flow -> flow.endedBefore(cutoff));
  }

  /** An error code from the callback, repeated only when it looks like one. */
  private static String printable(String error) {
    return error.matches("[a-z_]{1,64}") ? error : "invalid_callback";
  }

  private static String newId() {
    return "oauth_" + random(16);
  }

  private static String random(int bytes) {
    byte[] value = new byte[bytes];
    RANDOM.nextBytes(value);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(value);
  }

  /** The PKCE S256 challenge: base64url(SHA-256(verifier)), unpadded. */
  static String challenge(String verifier) {
    try {
      return Base64.getUrlEncoder()
          .withoutPadding()
          .encodeToString(
              MessageDigest.getInstance("SHA-256")
                  .digest(verifier.getBytes(StandardCharsets.US_ASCII)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }

  /** One flow; its mutable fields are guarded by the service's lock. */
  private final class Flow {
    final String id;
    final OAuthLoginUseCase.Method method;
    final AdminActor actor;
    final CompletableFuture<OAuthFlowResult> done = new CompletableFuture<>();
    Instant expiresAt;
    Status status = Status.PENDING;
    @Nullable Instant endedAt;
    final String state;
    final String verifier;
    boolean stateUsed;
    @Nullable String redirectUri;
    @Nullable String authorizeUrl;
    OAuthCallbackListener.@Nullable Open listener;
    DeviceCodeIssue.@Nullable Issued device;
    @Nullable String errorCode;
    @Nullable String errorMessage;
    @Nullable String accountId;
    @Nullable String email;
    boolean created;

    Flow(
        String id,
        OAuthLoginUseCase.Method method,
        AdminActor actor,
        Instant expiresAt,
        String state,
        String verifier) {
      this.id = id;
      this.state = state;
      this.verifier = verifier;
      this.method = method;
      this.actor = actor;
      this.expiresAt = expiresAt;
    }

    boolean pending() {
      synchronized (OAuthLoginService.this) {
        return status == Status.PENDING;
      }
    }

    boolean takesCallback() {
      synchronized (OAuthLoginService.this) {
        return status == Status.PENDING && !stateUsed;
      }
    }

    boolean endedBefore(Instant cutoff) {
      synchronized (OAuthLoginService.this) {
        return endedAt != null && endedAt.isBefore(cutoff);
      }
    }

    OAuthFlowResult view() {
      synchronized (OAuthLoginService.this) {
        boolean browser = method == OAuthLoginUseCase.Method.BROWSER;
        DeviceCodeIssue.Issued issued = device;
        boolean completed = status == Status.COMPLETED;
        return new OAuthFlowResult(
            id,
            method,
            status,
            expiresAt,
            browser ? Optional.ofNullable(authorizeUrl) : Optional.empty(),
            browser ? Optional.of(listener != null) : Optional.empty(),
            Optional.ofNullable(issued).map(DeviceCodeIssue.Issued::userCode),
            Optional.ofNullable(issued).map(DeviceCodeIssue.Issued::verificationUrl),
            Optional.ofNullable(issued).map(i -> Math.max(1, i.interval().toSeconds())),
            Optional.ofNullable(errorCode),
            Optional.ofNullable(errorMessage),
            Optional.ofNullable(accountId),
            completed ? Optional.ofNullable(email) : Optional.empty(),
            completed ? Optional.of(created) : Optional.empty());
      }
    }
  }
}
