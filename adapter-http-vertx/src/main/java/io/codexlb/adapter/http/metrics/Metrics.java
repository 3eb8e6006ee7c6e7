package io.codexlb.adapter.http.metrics;

import static java.util.Objects.requireNonNull;

import io.codexlb.domain.key.ApiKeyId;
import io.codexlb.domain.limit.KeyLimit;
import io.codexlb.domain.routing.Eligibility;
import io.codexlb.domain.routing.EligibilityReason;
import io.codexlb.port.in.ObserveDataPlaneUseCase;
import io.codexlb.port.out.BackgroundTracer;
import io.codexlb.port.out.ProxyTracer;
import io.codexlb.port.out.StorePorts;
import io.codexlb.port.out.TokenRefresher;
import io.codexlb.port.out.UsageClient;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The process's metrics and their {@code GET /metrics} endpoint (Prometheus text format). Request
 * counts come through {@link #tracer()} (the data plane's {@link ProxyTracer} port) and {@link
 * #httpObserver}; the pool's accounts, requests in flight upstream and the keys' limit use are read
 * from the data plane when Prometheus scrapes, so the request path pays nothing for them.
 *
 * <p>Label cardinality is bounded: a model or API key id beyond the first {@value #MODEL_LABELS}
 * models or {@value #KEY_LABELS} keys is counted as {@code other}; a route is its template, never
 * the raw path. Keys are labelled by their id (never the secret).
 */
public final class Metrics {

  /** The path Prometheus scrapes, on the dashboard listener. */
  public static final String PATH = "/metrics";

  /** The Prometheus text format's content type. */
  static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  /** Distinct model labels kept before {@code other}. */
  static final int MODEL_LABELS = 50;

  /** Distinct API key labels kept before {@code other} (per-request counters and limit gauges). */
  static final int KEY_LABELS = 200;

  /** Distinct route labels kept per listener before {@code other}. */
  static final int ROUTE_LABELS = 100;

  /** How often the event-loop delay probe fires. */
  static final long PROBE_PERIOD_MILLIS = 100;

  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final Supplier<ObserveDataPlaneUseCase> dataPlane;
  private final Clock clock;
  private final MetricsTracer tracer;
  private final JvmGcMetrics gc = new JvmGcMetrics();
  private final StoreTimers store = new StoreTimers(registry);
  private final BackgroundCounters background = new BackgroundCounters(registry);
  private final MultiGauge limitCurrent;
  private final MultiGauge limitMax;
  private final BoundedLabels limitKeys = new BoundedLabels(KEY_LABELS);
  private volatile ObserveDataPlaneUseCase.Snapshot snapshot =
      ObserveDataPlaneUseCase.Snapshot.EMPTY;
  private volatile Map<EligibilityReason, Long> accountsByStatus =
      new EnumMap<>(EligibilityReason.class);
  private long probeTimer = -1;

  /**
   * @param dataPlane what a scrape reads gauges from; a supplier because the data plane is built
   *     with {@link #tracer()} and so after this object
   * @param clock the instant eligibility and limit windows are judged at
   */
  public Metrics(Supplier<ObserveDataPlaneUseCase> dataPlane, Clock clock) {
    this.dataPlane = requireNonNull(dataPlane, "dataPlane");
    this.clock = requireNonNull(clock, "clock");
    this.tracer = new MetricsTracer(registry, MODEL_LABELS, KEY_LABELS);
    new JvmMemoryMetrics().bindTo(registry);
    gc.bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ClassLoaderMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    for (EligibilityReason reason : EligibilityReason.values()) {
      Gauge.builder("codexlb.accounts", () -> accountsByStatus.getOrDefault(reason, 0L))
          .description("Accounts of the routing pool by status (eligible, or why not)")
          .tag("status", reason.name().toLowerCase(Locale.ROOT))
          .register(registry);
    }
    Gauge.builder(
            "codexlb.upstream.in.flight",
            () -> snapshot.accounts().stream().mapToLong(Eligibility::inFlight).sum())
        .description("Requests in flight on the pool's accounts")
        .register(registry);
    limitCurrent =
        MultiGauge.builder("codexlb.key.limit.current")
            .description("An API key limit's use in its current window")
            .register(registry);
    limitMax =
        MultiGauge.builder("codexlb.key.limit.max")
            .description("An API key limit's maximum per window")
            .register(registry);
  }

  /** The data plane's tracer: counts every finished request and failed attempt. */
  public ProxyTracer tracer() {
    return tracer;
  }

  /**
   * The tracer of background work: token refreshes and usage polls counted by outcome ({@code
   * codexlb_token_refreshes_total}, {@code codexlb_usage_polls_total}) and timed.
   */
  public BackgroundTracer backgroundTracer() {
    return background;
  }

  /** {@code refresher}, each refresh grant counted and timed by outcome. */
  public TokenRefresher traced(TokenRefresher refresher) {
    return TracedBackgroundPorts.traced(refresher, background);
  }

  /** {@code client}, each usage poll counted and timed by outcome. */
  public UsageClient traced(UsageClient client) {
    return TracedBackgroundPorts.traced(client, background);
  }

  /**
   * The store's ports, each call that answers with a stage timed by port, method and outcome
   * ({@code codexlb_store_calls_seconds}).
   */
  public StorePorts timedStore(StorePorts ports) {
    return store.timed(ports);
  }

  /**
   * A handler, first on a listener's router, that counts its requests by route template and status
   * and keeps a gauge of those in flight.
   *
   * @param listener the listener's label ({@code proxy} or {@code dashboard})
   */
  public Handler<RoutingContext> httpObserver(String listener) {
    return new HttpObserver(registry, listener, ROUTE_LABELS);
  }

  /**
   * Installs {@code GET /metrics} on the dashboard router.
   *
   * @param router the dashboard listener's router
   * @param gate run first unless the endpoint is public: the admin session gate
   */
  public void install(Router router, Optional<Handler<RoutingContext>> gate) {
    gate.ifPresent(g -> router.get(PATH).handler(g));
    router.get(PATH).handler(this::scrape);
  }

  /**
   * Starts the event-loop delay probe: a timer that should fire every {@value #PROBE_PERIOD_MILLIS}
   * ms records how late it fired, which is how long its event loop was busy.
   */
  public void start(Vertx vertx) {
    Timer delay =
        Timer.builder("codexlb.eventloop.delay")
            .description("How late a periodic timer on an event loop fired (event loop busy)")
            .serviceLevelObjectives(
                java.time.Duration.ofMillis(1),
                java.time.Duration.ofMillis(5),
                java.time.Duration.ofMillis(10),
                java.time.Duration.ofMillis(50),
                java.time.Duration.ofMillis(100),
                java.time.Duration.ofMillis(500),
                java.time.Duration.ofSeconds(1))
            .register(registry);
    long[] expected = {System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(PROBE_PERIOD_MILLIS)};
    probeTimer =
        vertx.setPeriodic(
            PROBE_PERIOD_MILLIS,
            id -> {
              long now = System.nanoTime();
              delay.record(Math.max(0, now - expected[0]), TimeUnit.NANOSECONDS);
              expected[0] = now + TimeUnit.MILLISECONDS.toNanos(PROBE_PERIOD_MILLIS);
            });
  }

  /** Stops the probe and the GC listener. */
  public void stop(Vertx vertx) {
    if (probeTimer >= 0) {
      vertx.cancelTimer(probeTimer);
    }
    gc.close();
  }

  /** The registry's text as Prometheus reads it, with gauges read from the data plane first. */
  public String scrape() {
    refresh();
    return registry.scrape();
  }

  private void scrape(RoutingContext ctx) {
    // The gate may have paused the request while it read the session; a GET has no body to wait
    // for.
    ctx.request().resume();
    String text = scrape();
    ctx.response().putHeader("Content-Type", CONTENT_TYPE).end(text);
  }

  private void refresh() {
    ObserveDataPlaneUseCase.Snapshot now = dataPlane.get().observe(clock.instant());
    Map<EligibilityReason, Long> counts = new EnumMap<>(EligibilityReason.class);
    for (Eligibility account : now.accounts()) {
      counts.merge(account.reason(), 1L, Long::sum);
    }
    accountsByStatus = counts;
    snapshot = now;
    List<MultiGauge.Row<?>> current = new ArrayList<>();
    List<MultiGauge.Row<?>> max = new ArrayList<>();
    for (Map.Entry<ApiKeyId, List<KeyLimit>> key : now.keyLimits().entrySet()) {
      String label = limitKeys.of(key.getKey().value());
      if (BoundedLabels.OTHER.equals(label)) {
        continue;
      }
      for (KeyLimit limit : key.getValue()) {
        Tags tags =
            Tags.of(
                "key", label, "type", limit.type().wireName(), "window", limit.window().wireName());
        current.add(MultiGauge.Row.of(tags, limit.currentValue()));
        max.add(MultiGauge.Row.of(tags, limit.maxValue()));
      }
    }
    limitCurrent.register(current, true);
    limitMax.register(max, true);
  }
}
