package io.codexlb.bootstrap.server;

import static java.util.Objects.requireNonNull;

import io.codexlb.adapter.http.BodyBudget;
import io.codexlb.adapter.http.ConnectionLimits;
import io.codexlb.adapter.http.EventLoopWatchdog;
import io.codexlb.adapter.http.HttpApi;
import io.codexlb.adapter.http.HttpListener;
import io.codexlb.adapter.http.ProxyApi;
import io.codexlb.adapter.http.ServerHealth;
import io.codexlb.adapter.http.admin.AdminApi;
import io.codexlb.adapter.http.admin.AdminRouter;
import io.codexlb.adapter.http.metrics.Metrics;
import io.codexlb.application.DataPlaneService;
import io.codexlb.bootstrap.config.ServerConfig;
import io.codexlb.bootstrap.store.StoreJobs;
import io.codexlb.bootstrap.store.StoreSupervisor;
import io.codexlb.domain.health.Failures;
import io.codexlb.port.in.CheckReadinessUseCase;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ThreadLocalRandom;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Starts the two listeners of a codex-lb instance: the proxy API and the dashboard/admin API. */
public final class CodexLbServer {

  /** How often the data plane writes what requests left behind (request logs, account states). */
  static final Duration FLUSH_PERIOD = Duration.ofSeconds(1);

  /** How often the usage poller looks for accounts due for a poll. */
  static final Duration USAGE_TICK = Duration.ofSeconds(1);

  /**
   * How often the background token sweep looks for accounts whose tokens are due within a day; each
   * run renews them one after the other. Every instance sweeps: the store's refresh claims make one
   * of them refresh each account, and the others take its tokens.
   */
  static final Duration TOKEN_SWEEP_PERIOD = Duration.ofMinutes(10);

  private static final Logger log = LoggerFactory.getLogger(CodexLbServer.class);

  private final ServerConfig config;
  private final Vertx vertx;
  private final CheckReadinessUseCase readiness;
  private final StoreSupervisor store;
  private final StoreJobs storeJobs;
  private final DataPlaneService dataPlane;
  private final AdminApi adminApi;
  private final Clock clock;
  private final AdminAuthStartup adminAuthStartup;
  private final Drainer drainer;
  private final Metrics metrics;
  private volatile long flushTimer = -1;
  private volatile long usageTimer = -1;
  private volatile @Nullable EventLoopWatchdog watchdog;
  private volatile long sweepTimer = -1;

  @Inject
  CodexLbServer(
      ServerConfig config,
      Vertx vertx,
      CheckReadinessUseCase readiness,
      StoreSupervisor store,
      StoreJobs storeJobs,
      DataPlaneService dataPlane,
      AdminApi adminApi,
      Clock clock,
      AdminAuthStartup adminAuthStartup,
      Drainer drainer,
      Metrics metrics) {
    this.config = requireNonNull(config, "config");
    this.vertx = requireNonNull(vertx, "vertx");
    this.readiness = requireNonNull(readiness, "readiness");
    this.store = requireNonNull(store, "store");
    this.storeJobs = requireNonNull(storeJobs, "storeJobs");
    this.dataPlane = requireNonNull(dataPlane, "dataPlane");
    this.adminApi = requireNonNull(adminApi, "adminApi");
    this.clock = requireNonNull(clock, "clock");
    this.adminAuthStartup = requireNonNull(adminAuthStartup, "adminAuthStartup");
    this.drainer = requireNonNull(drainer, "drainer");
    this.metrics = requireNonNull(metrics, "metrics");
  }

  /** The configuration this server runs with. */
  public ServerConfig config() {
    return config;
  }

  /** The store, open or still being opened. */
  public StoreSupervisor store() {
    return store;
  }

  /**
   * Makes a first attempt to open the store, then binds both listeners. A store that is down does
   * not stop the start (it is retried in the background, and {@code /health/ready} says why); a
   * store that refuses this code (schema too new, another encryption key) does. If anything fails,
   * whatever did start is stopped and Vert.x is closed, so a failed start leaves nothing running;
   * the stage fails with the {@link io.codexlb.bootstrap.store.StoreRefusedException} or the bind
   * error.
   */
  public CompletionStage<RunningServer> start() {
    CompletableFuture<RunningServer> started = new CompletableFuture<>();
    metrics.start(vertx);
    Future.fromCompletionStage(store.start())
        .compose(storeTried -> startListeners())
        .compose(this::startDataPlane)
        .onComplete(
            result -> {
              if (result.succeeded()) {
                started.complete(result.result());
                return;
              }
              EventLoopWatchdog loops = watchdog;
              if (loops != null) {
                loops.close();
              }
              // Wait on close() itself: a continuation chained from an event-loop future would be
              // rejected once that event loop has shut down, and the stage would never complete.
              store
                  .stop()
                  .whenComplete(
                      (stopped, ignored) ->
                          vertx
                              .close()
                              .onComplete(closed -> started.completeExceptionally(result.cause())));
            });
    return started;
  }

  private Future<RunningServer> startListeners() {
    int instances = Math.max(1, Runtime.getRuntime().availableProcessors());
    ServerConfig.Listen proxy = config.proxy();
    ServerConfig.Listen dashboard = config.dashboard();
    ConnectionLimits limits = config.clientTimeouts();
    // One budget for the whole listener: every event loop's router reserves from it.
    BodyBudget bodyBudget = new BodyBudget(config.maxBodyBufferBytes());
    // One health for both listeners: one start-up verdict and one event-loop watchdog.
    EventLoopWatchdog loops = EventLoopWatchdog.start(vertx);
    watchdog = loops;
    ServerHealth health = new ServerHealth(readiness, loops);
    return HttpListener.start(
            vertx,
            "proxy API",
            proxy.host(),
            proxy.port(),
            instances,
            limits,
            v ->
                observed(
                    "proxy",
                    HttpApi.proxyRouter(
                        v,
                        health,
                        new ProxyApi(
                            dataPlane,
                            dataPlane,
                            dataPlane,
                            config.maxRequestBodyBytes(),
                            bodyBudget,
                            clock,
                            config.streamKeepAlive(),
                            dataPlane))))
        .recover(error -> Future.failedFuture(new ListenerStartException(proxy, error)))
        .compose(
            proxyListener ->
                HttpListener.start(
                        vertx,
                        "dashboard",
                        dashboard.host(),
                        dashboard.port(),
                        instances,
                        limits,
                        v -> dashboardRouter(AdminRouter.create(v, health, adminApi)))
                    .map(
                        listener -> {
                          RunningServer running =
                              new RunningServer(
                                  vertx, proxyListener, listener, this::stopData, drainer);
                          drainer.attach(running);
                          return running;
                        })
                    .recover(
                        error ->
                            proxyListener
                                .shutdown(Duration.ZERO)
                                .transform(
                                    ignored ->
                                        Future.failedFuture(
                                            new ListenerStartException(dashboard, error)))));
  }

  /** The dashboard router with {@code GET /metrics}, behind the admin gate unless public. */
  private Router dashboardRouter(Router router) {
    metrics.install(
        router,
        config.metricsPublic()
            ? Optional.empty()
            : Optional.<Handler<RoutingContext>>of(adminApi.gate()));
    return observed("dashboard", router);
  }

  /** The router with the metrics' HTTP observer ahead of every other route. */
  private Router observed(String listener, Router router) {
    router.route().order(-1).handler(metrics.httpObserver(listener));
    return router;
  }

  /**
   * Once the store is open: the data plane loads its views and serves, its write-behind is flushed
   * every {@link #FLUSH_PERIOD}, and the store's upkeep starts. When the store opened at the first
   * attempt, the server's start waits for the data plane, so a started server is ready; otherwise
   * the data plane follows the store whenever it opens.
   */
  private Future<RunningServer> startDataPlane(RunningServer running) {
    CompletionStage<Void> serving =
        store
            .whenOpen()
            .thenCompose(
                open -> {
                  CompletionStage<Void> started = dataPlane.start(open.ports());
                  storeJobs.start(open);
                  return started.thenCombine(adminAuthStartup.run(), (loaded, admin) -> loaded);
                })
            .whenComplete(
                (started, error) -> {
                  if (error != null) {
                    log.error("data plane: loading the pool failed: {}", Failures.oneLine(error));
                    return;
                  }
                  flushTimer = vertx.setPeriodic(FLUSH_PERIOD.toMillis(), id -> dataPlane.flush());
                  // The usage poller's schedule is per account; the timer only looks what is due.
                  usageTimer =
                      vertx.setPeriodic(0, USAGE_TICK.toMillis(), id -> dataPlane.pollUsage());

                  // The first sweep a random while after start, so instances started together
                  // spread their sweeps; it never fails (failures back off per account).
                  long firstSweep =
                      1 + ThreadLocalRandom.current().nextLong(TOKEN_SWEEP_PERIOD.toMillis());
                  sweepTimer =
                      vertx.setPeriodic(
                          firstSweep,
                          TOKEN_SWEEP_PERIOD.toMillis(),
                          id -> dataPlane.renewDueTokens());
                  log.info("data plane: serving");
                });
    if (store.current().isEmpty()) {
      return Future.succeededFuture(running);
    }
    // A pool that fails to load is reported by readiness, not a failed start.
    return Future.fromCompletionStage(serving).transform(loaded -> Future.succeededFuture(running));
  }

  /** Stops the flushes, writes what the data plane has queued, then closes the store. */
  private CompletionStage<Void> stopData() {
    vertx.cancelTimer(flushTimer);
    vertx.cancelTimer(sweepTimer);
    vertx.cancelTimer(usageTimer);
    EventLoopWatchdog loops = watchdog;
    if (loops != null) {
      loops.close();
    }
    metrics.stop(vertx);
    return dataPlane.stop().thenCompose(flushed -> store.stop());
  }
}
