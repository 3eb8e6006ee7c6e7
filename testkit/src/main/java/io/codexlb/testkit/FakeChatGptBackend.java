package io.codexlb.testkit;

import io.vertx.core.Context;
import io.vertx.core.Deployable;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * A fake of the ChatGPT Codex backend on loopback: {@code POST {base}/codex/responses} answers a
 * scripted SSE stream or error per account (selected by the {@code chatgpt-account-id} header),
 * {@code GET {base}/codex/models} a small catalog. Every request is recorded in arrival order.
 *
 * <pre>{@code
 * FakeChatGptBackend backend = FakeChatGptBackend.start();
 * backend.account("acct-1").respondsWith(Script.text("Hello world").inDeltas(5));
 * backend.account("acct-2").once(Script.rateLimited(resetsAt)).respondsWith(Script.text("ok"));
 * // point the client at backend.baseUrl(), then
 * backend.requestsFor("acct-1").get(0).header("authorization");
 * backend.close();
 * }</pre>
 *
 * <p>Thread-safe: scripts may be changed and recordings read from any thread while it serves.
 */
public final class FakeChatGptBackend {

  /** The header that selects the account, matched case-insensitively. */
  public static final String ACCOUNT_HEADER = "chatgpt-account-id";

  /** What accounts without a script of their own answer until {@link #defaultAccount()} changes. */
  public static final Script DEFAULT_SCRIPT =
      Script.text(StreamScript.DEFAULT_TEXT).inDeltas(4).usage(new ScriptedUsage(12, 0, 9, 0));

  private final Vertx vertx;
  private final boolean ownsVertx;
  private final FakeChatGptBackendOptions options;
  private final Map<String, ScriptedAccount> accounts = new ConcurrentHashMap<>();
  private final Queue<RecordedRequest> recorded = new ConcurrentLinkedQueue<>();
  private final Map<String, AtomicInteger> usagePolls = new ConcurrentHashMap<>();
  private final Set<Integer> boundPorts = ConcurrentHashMap.newKeySet();
  private final AtomicLong serial = new AtomicLong();
  private final AtomicInteger waitingForClient = new AtomicInteger();
  private final AtomicInteger openExchanges = new AtomicInteger();
  private volatile ScriptedAccount defaultAccount = new ScriptedAccount(DEFAULT_SCRIPT);
  private volatile int port;
  private volatile String deployment;

  private FakeChatGptBackend(Vertx vertx, boolean ownsVertx, FakeChatGptBackendOptions options) {
    this.vertx = vertx;
    this.ownsVertx = ownsVertx;
    this.options = options;
  }

  /** Starts on a free loopback port with its own Vert.x, and waits until it listens. */
  public static FakeChatGptBackend start() {
    return start(FakeChatGptBackendOptions.defaults());
  }

  /** Starts with {@code options} and its own Vert.x (closed by {@link #close()}), and waits. */
  public static FakeChatGptBackend start(FakeChatGptBackendOptions options) {
    refuseOnEventLoop();
    return await(startAsync(Vertx.vertx(), true, options));
  }

  /** Starts on a free loopback port of {@code vertx}, and waits until it listens. */
  public static FakeChatGptBackend start(Vertx vertx) {
    return start(vertx, FakeChatGptBackendOptions.defaults());
  }

  /** Starts with {@code options} on {@code vertx} (left open by {@link #close()}), and waits. */
  public static FakeChatGptBackend start(Vertx vertx, FakeChatGptBackendOptions options) {
    refuseOnEventLoop();
    return await(startAsync(vertx, options));
  }

  /** Starts with {@code options} on {@code vertx}; completes once it listens. */
  public static CompletionStage<FakeChatGptBackend> startAsync(
      Vertx vertx, FakeChatGptBackendOptions options) {
    return startAsync(vertx, false, options);
  }

  private static CompletionStage<FakeChatGptBackend> startAsync(
      Vertx vertx, boolean ownsVertx, FakeChatGptBackendOptions options) {
    FakeChatGptBackend backend = new FakeChatGptBackend(vertx, ownsVertx, options);
    return backend.listen().map(backend).toCompletionStage();
  }

  private Future<Void> listen() {
    HttpServerOptions serverOptions =
        new HttpServerOptions().setHost(options.host()).setPort(portToBind()).setTcpNoDelay(true);
    BackendRequestHandler handler = new BackendRequestHandler(vertx, this, options.basePath());
    // One instance per event loop; Vert.x shares the port among the instances of one deployment.
    Supplier<Deployable> instance =
        () ->
            context ->
                vertx
                    .createHttpServer(serverOptions)
                    .requestHandler(handler)
                    .listen()
                    .onSuccess(
                        server -> {
                          boundPorts.add(server.actualPort());
                          port = server.actualPort();
                        });
    return vertx
        .deployVerticle(instance, new DeploymentOptions().setInstances(options.eventLoops()))
        .onSuccess(id -> deployment = id)
        .mapEmpty();
  }

  // Vert.x gives each instance listening on port 0 a port of its own; several instances need one
  // port named up front. A port found free here could be taken before they bind (then start fails).
  private int portToBind() {
    if (options.port() != 0 || options.eventLoops() == 1) {
      return options.port();
    }
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getByName(options.host()))) {
      return probe.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free port on " + options.host(), e);
    }
  }

  // Checked before anything starts: a start begun and then abandoned would finish binding after
  // the caller closed its Vert.x ("Promise already completed" in the log).
  private static void refuseOnEventLoop() {
    if (Context.isOnEventLoopThread()) {
      throw new IllegalStateException(
          "FakeChatGptBackend.start: called on an event loop (expected: startAsync there)");
    }
  }

  private static FakeChatGptBackend await(CompletionStage<FakeChatGptBackend> started) {
    return started.toCompletableFuture().join();
  }

  /** The port it listens on (the picked one when started with port 0). */
  public int port() {
    return port;
  }

  /** {@code http://<host>:<port><basePath>}, the value for {@code CODEX_LB_UPSTREAM_BASE_URL}. */
  public String baseUrl() {
    return "http://" + options.host() + ":" + port + options.basePath();
  }

  /** {@code baseUrl() + "/codex/responses"}. */
  public String responsesUrl() {
    return baseUrl() + "/codex/responses";
  }

  /** The behaviour of account {@code accountId} (matched case-insensitively), created on demand. */
  public ScriptedAccount account(String accountId) {
    if (accountId == null || accountId.isBlank()) {
      throw new IllegalArgumentException("accountId: " + accountId + " (expected: an account id)");
    }
    return accounts.computeIfAbsent(key(accountId), ignored -> new ScriptedAccount(null));
  }

  /**
   * The behaviour of requests without an account header or with an unknown account, and of accounts
   * that have no script of their own.
   */
  public ScriptedAccount defaultAccount() {
    return defaultAccount;
  }

  /** Every recorded request, in arrival order. */
  public List<RecordedRequest> requests() {
    return List.copyOf(recorded);
  }

  /** The recorded requests whose {@code chatgpt-account-id} is {@code accountId}, ignoring case. */
  public List<RecordedRequest> requestsFor(String accountId) {
    List<RecordedRequest> matching = new ArrayList<>();
    for (RecordedRequest request : recorded) {
      if (request.accountId().filter(accountId::equalsIgnoreCase).isPresent()) {
        matching.add(request);
      }
    }
    return List.copyOf(matching);
  }

  /**
   * How many response streams wait, now, for their client to read: the connection's write queue is
   * full, so the stream writes nothing more until it drains. This is how a client that reads slowly
   * shows (directly, or through a proxy that passes its pace upstream); the backend does not buffer
   * for it.
   */
  public int streamsWaitingForClient() {
    return waitingForClient.get();
  }

  /**
   * How many {@code POST .../codex/responses} requests are being answered now: counted once the
   * body arrived, until the answer ended or the connection closed under it (a client that gave up
   * and reset the request, or a cut). A hanging answer ({@code firstByteAfter}) or a long stream
   * stays counted until then, so a test sees a proxy cancel its upstream request as this count
   * going back down.
   */
  public int openExchanges() {
    return openExchanges.get();
  }

  /**
   * How many {@code GET {base}/wham/usage} requests arrived with {@code chatgpt-account-id} {@code
   * accountId} (ignoring case), whatever they were answered. Usage requests are counted here, not
   * recorded in {@link #requests()}, so that a poller does not disturb tests of the data plane.
   */
  public int usagePolls(String accountId) {
    AtomicInteger count = usagePolls.get(key(accountId));
    return count == null ? 0 : count.get();
  }

  /**
   * Forgets every recording, poll count and script; accounts answer {@link #DEFAULT_SCRIPT} again.
   */
  public void reset() {
    accounts.clear();
    usagePolls.clear();
    defaultAccount = new ScriptedAccount(DEFAULT_SCRIPT);
    recorded.clear();
  }

  /** Stops listening (and closes its Vert.x if it made its own); open streams are cut. */
  public CompletionStage<Void> close() {
    // Closing an own Vert.x closes the servers with it; undeploying closes them on a shared one.
    Future<Void> closed;
    if (ownsVertx) {
      closed = vertx.close();
    } else if (deployment != null) {
      closed = vertx.undeploy(deployment);
    } else {
      closed = Future.succeededFuture();
    }
    return closed.toCompletionStage();
  }

  /** The ports the server instances bound: one, unless the instances failed to share it. */
  Set<Integer> boundPorts() {
    return Set.copyOf(boundPorts);
  }

  Clock clock() {
    return options.clock();
  }

  /** The count behind {@link #streamsWaitingForClient()}, kept by the streams. */
  AtomicInteger waitingForClient() {
    return waitingForClient;
  }

  /** Counts one exchange open; the result closes it, once, however often it runs. */
  Runnable exchangeOpened() {
    openExchanges.incrementAndGet();
    AtomicBoolean done = new AtomicBoolean();
    return () -> {
      if (done.compareAndSet(false, true)) {
        openExchanges.decrementAndGet();
      }
    };
  }

  long nextSerial() {
    return serial.incrementAndGet();
  }

  void record(RecordedRequest request) {
    if (options.recordRequests()) {
      recorded.add(request);
    }
  }

  Script scriptFor(String accountId, String authorization) {
    ScriptedAccount fallback = defaultAccount;
    ScriptedAccount account = accountId == null ? null : accounts.get(key(accountId));
    if (account != null && account.rejects(authorization)) {
      return Script.unauthorized();
    }
    if (account != null) {
      var own = account.next();
      if (own.isPresent()) {
        return own.get();
      }
    }
    return fallback.next().orElse(DEFAULT_SCRIPT);
  }

  /** Counts a usage poll of the account and answers it: as scripted, else 0% of both windows. */
  UsageAnswer usagePolled(String accountId, String authorization) {
    if (accountId == null || accountId.isBlank()) {
      return UsageAnswer.error(400, "missing_account", "chatgpt-account-id header is required");
    }
    usagePolls.computeIfAbsent(key(accountId), ignored -> new AtomicInteger()).incrementAndGet();
    ScriptedAccount account = accounts.get(key(accountId));
    if (account != null && account.rejects(authorization)) {
      return UsageAnswer.unauthorized();
    }
    return Optional.ofNullable(account)
        .flatMap(ScriptedAccount::usageAnswer)
        .orElseGet(() -> UsageAnswer.ok(WhamUsage.used(0, 0, clock().instant())));
  }

  private static String key(String accountId) {
    return accountId.trim().toLowerCase(Locale.ROOT);
  }
}
