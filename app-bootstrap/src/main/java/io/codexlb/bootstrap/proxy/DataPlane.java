package io.codexlb.bootstrap.proxy;

import static java.util.Objects.requireNonNull;

import io.codexlb.application.AccountStateWriter;
import io.codexlb.application.AuthenticateApiKeyService;
import io.codexlb.application.KeyLedgers;
import io.codexlb.application.ListModelsService;
import io.codexlb.application.PickAccountService;
import io.codexlb.application.ProxyService;
import io.codexlb.application.RequestLogWriter;
import io.codexlb.bootstrap.config.ServerConfig;
import io.codexlb.bootstrap.store.Store;
import io.codexlb.bootstrap.store.StoreSupervisor;
import io.codexlb.domain.health.CheckResult;
import io.codexlb.domain.health.Failures;
import io.codexlb.domain.pricing.PriceTable;
import io.codexlb.port.in.ListModelsQuery;
import io.codexlb.port.in.ListModelsResult;
import io.codexlb.port.in.ListModelsUseCase;
import io.codexlb.port.in.ProxyResponsesCommand;
import io.codexlb.port.in.ProxyResponsesResult;
import io.codexlb.port.in.ProxyResponsesResult.Refusal;
import io.codexlb.port.in.ProxyResponsesUseCase;
import io.codexlb.port.out.ModelCatalogClient;
import io.codexlb.port.out.ProxyTracer;
import io.codexlb.port.out.ReadinessProbe;
import io.codexlb.port.out.SecretCipher;
import io.codexlb.port.out.TokenRefresher;
import io.codexlb.port.out.UpstreamClient;
import io.vertx.core.Vertx;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The proxy's data plane as the HTTP routes see it: refuses with 503 {@code service_unavailable}
 * until the store is open and the in-memory views (keys, limits, accounts, settings) are loaded,
 * then serves through {@link ProxyService}. Request logs and what requests learnt of accounts
 * (limits, quota reports, error streaks) are flushed to the store every second and at stop, with
 * settled key usage.
 */
@Singleton
public final class DataPlane implements ProxyResponsesUseCase, ListModelsUseCase, ReadinessProbe {

  private static final Logger log = LoggerFactory.getLogger(DataPlane.class);

  /** Request logs written to the store per batch. */
  static final int LOG_BATCH = 500;

  /** Request logs queued at most; beyond that (a store down for long) new ones are dropped. */
  static final int LOG_CAPACITY = 100_000;

  static final long FLUSH_PERIOD_MILLIS = 1_000;

  /**
   * How long the first models request waits for the upstream catalog before the configured list.
   */
  static final Duration FIRST_CATALOG_WAIT = Duration.ofSeconds(5);

  private final StoreSupervisor store;
  private final UpstreamClient upstream;
  private final TokenRefresher refresher;
  private final SecretCipher cipher;
  private final ProxyTracer tracer;
  private final ModelCatalogClient catalog;
  private final ServerConfig config;
  private final Clock clock;
  private final Vertx vertx;

  private volatile Running running;
  private volatile String notReadyReason = "waiting for the store to open";
  private long flushTimer = -1;

  @Inject
  DataPlane(
      StoreSupervisor store,
      UpstreamClient upstream,
      TokenRefresher refresher,
      SecretCipher cipher,
      ProxyTracer tracer,
      ModelCatalogClient catalog,
      ServerConfig config,
      Clock clock,
      Vertx vertx) {
    this.store = requireNonNull(store, "store");
    this.upstream = requireNonNull(upstream, "upstream");
    this.refresher = requireNonNull(refresher, "refresher");
    this.cipher = requireNonNull(cipher, "cipher");
    this.tracer = requireNonNull(tracer, "tracer");
    this.catalog = requireNonNull(catalog, "catalog");
    this.config = requireNonNull(config, "config");
    this.clock = requireNonNull(clock, "clock");
    this.vertx = requireNonNull(vertx, "vertx");
  }

  /** Starts serving once the store is open; returns at once. */
  public void start() {
    store.whenOpen().thenCompose(this::startOn).whenComplete(this::started);
  }

  @Override
  public CompletionStage<ProxyResponsesResult> serve(ProxyResponsesCommand request) {
    Running current = running;
    if (current == null) {
      return CompletableFuture.completedFuture(
          new ProxyResponsesResult.Refused(
              new Refusal.NotReady("The server is starting: " + notReadyReason)));
    }
    return current.proxy().serve(request);
  }

  @Override
  public CompletionStage<ListModelsResult> list(ListModelsQuery query) {
    Running current = running;
    if (current == null) {
      return CompletableFuture.completedFuture(
          new ListModelsResult.NotReady("The server is starting: " + notReadyReason));
    }
    return current.models().list(query);
  }

  @Override
  public String checkName() {
    return "data_plane";
  }

  @Override
  public CompletionStage<CheckResult> check() {
    return CompletableFuture.completedFuture(
        running != null ? CheckResult.pass() : CheckResult.fail(notReadyReason));
  }

  /** Writes what is queued (request logs, key usage) to the store; completes when written. */
  public CompletionStage<Void> stop() {
    Running current = running;
    if (current == null) {
      return CompletableFuture.completedFuture(null);
    }
    vertx.cancelTimer(flushTimer);
    return current
        .logs()
        .flush()
        .thenCompose(flushed -> current.ledgers().usageWriter().flushed())
        .thenCompose(flushed -> current.accountStates().flush())
        .exceptionally(
            error -> {
              log.warn("data plane: flush at stop failed: {}", Failures.oneLine(error));
              return null;
            });
  }

  /** Loads the in-memory views of the open store (together), then assembles the services. */
  private CompletionStage<Running> startOn(Store open) {
    CompletableFuture<AuthenticateApiKeyService> keys =
        AuthenticateApiKeyService.start(open.ports().apiKeys(), open.ports().changes())
            .toCompletableFuture();
    CompletableFuture<KeyLedgers> ledgers =
        KeyLedgers.start(open.ports().apiKeys(), open.ports().changes(), clock)
            .toCompletableFuture();
    CompletableFuture<PickAccountService> accounts =
        PickAccountService.start(
                open.ports().accounts(),
                open.ports().settings(),
                open.ports().changes(),
                new SplittableRandom())
            .toCompletableFuture();
    return CompletableFuture.allOf(keys, ledgers, accounts)
        .thenApply(loaded -> assemble(open, keys.join(), ledgers.join(), accounts.join()));
  }

  private Running assemble(
      Store open, AuthenticateApiKeyService keys, KeyLedgers ledgers, PickAccountService accounts) {
    RequestLogWriter logs =
        new RequestLogWriter(open.ports().requestLogs(), LOG_BATCH, LOG_CAPACITY);
    AccountStateWriter accountStates = new AccountStateWriter(open.ports().accounts());
    ProxyService proxy =
        new ProxyService(
            keys,
            ledgers,
            accounts,
            open.ports().accounts(),
            accountStates,
            cipher,
            upstream,
            refresher,
            logs,
            PriceTable.defaults(),
            tracer,
            clock);
    ListModelsService models =
        new ListModelsService(
            keys,
            accounts,
            cipher,
            catalog,
            new ListModelsService.Settings(
                config.models(), config.modelsRefresh(), FIRST_CATALOG_WAIT),
            clock);
    return new Running(models, proxy, ledgers, logs, accountStates);
  }

  private void started(Running started, Throwable error) {
    if (error != null) {
      notReadyReason = "loading the pool failed: " + Failures.oneLine(error);
      log.error("data plane: {}", notReadyReason);
      return;
    }
    running = started;
    flushTimer = vertx.setPeriodic(FLUSH_PERIOD_MILLIS, id -> flush(started));
    log.info("data plane: serving");
  }

  private static void flush(Running running) {
    running
        .logs()
        .flush()
        .whenComplete(
            (written, error) -> {
              if (error != null) {
                log.warn(
                    "request logs: flush failed, kept for the next one: {}",
                    Failures.oneLine(error));
              }
            });
  }

  private record Running(
      ListModelsService models,
      ProxyService proxy,
      KeyLedgers ledgers,
      RequestLogWriter logs,
      AccountStateWriter accountStates) {}
}
