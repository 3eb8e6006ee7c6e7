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
import io.codexlb.application.JobRunner;
import io.codexlb.bootstrap.config.ServerConfig;
import io.codexlb.bootstrap.store.Store;
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
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Starts the two listeners of a codex-lb instance: the proxy API and the dashboard/admin API. */
public final class CodexLbServer {

  /** How often the data plane writes what requests left behind (request logs, account states). */
  static final Duration FLUSH_PERIOD = Duration.ofSeconds(1);

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
  private volatile long jobTimer = -1;
  private volatile @Nullable JobRunner jobRunner;
  private volatile @Nullable EventLoopWatchdog watchdog;

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
   * every {@link #FLUSH_PERIOD} (on every instance), and the store-wide jobs' runner ticks every
   * {@link StoreJobs#USAGE_TICK} (the jobs run on the one instance holding the job lease). When the
   * store opened at the first attempt, the server's start waits for the data plane, so a started
   * server is ready; otherwise the data plane follows the store whenever it opens.
   */
  private Future<RunningServer> startDataPlane(RunningServer running) {
    CompletionStage<Store> serving =
        store
            .whenOpen()
            .thenCompose(
                open ->
                    dataPlane
                        .start(open.ports())
                        .thenCombine(adminAuthStartup.run(), (loaded, admin) -> open))
            .whenComplete(
                (open, error) -> {
                  if (error != null) {
                    log.error("data plane: loading the pool failed: {}", Failures.oneLine(error));
                    return;
                  }
                  flushTimer = vertx.setPeriodic(FLUSH_PERIOD.toMillis(), id -> dataPlane.flush());
                  // A tick settles the lease and starts what is due; it never blocks the loop.
                  JobRunner runner = storeJobs.runner(open, StoreJobs.DataPlaneJobs.of(dataPlane));
                  jobRunner = runner;
                  jobTimer =
                      vertx.setPeriodic(0, StoreJobs.USAGE_TICK.toMillis(), id -> runner.tick());
                  log.info("data plane: serving");
                });
    if (store.current().isEmpty()) {
      return Future.succeededFuture(running);
    }
    // A pool that fails to load is reported by readiness, not a failed start.
    return Future.fromCompletionStage(serving).transform(loaded -> Future.succeededFuture(running));
  }

  /**
   * Stops the flushes and the jobs, gives the job lease up (so another instance takes the jobs over
   * at its next ask), writes what the data plane has queued, then closes the store.
   */
  private CompletionStage<Void> stopData() {
    vertx.cancelTimer(flushTimer);
    vertx.cancelTimer(jobTimer);
    EventLoopWatchdog loops = watchdog;
    if (loops != null) {
      loops.close();
    }
    metrics.stop(vertx);
    JobRunner runner = jobRunner;
    CompletionStage<Void> released =
        runner == null ? CompletableFuture.completedFuture(null) : runner.stop();
    return released.thenCompose(given -> dataPlane.stop()).thenCompose(flushed -> store.stop());
  }
}
