package io.codexlb.adapter.http.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Handler;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * Counts a listener's requests when their response ends, by route template (never the raw path,
 * whose values are the client's) and status, and keeps a gauge of those in flight.
 */
final class HttpObserver implements Handler<RoutingContext> {

  private final MeterRegistry registry;
  private final String listener;
  private final BoundedLabels routes;
  private final AtomicInteger inFlight = new AtomicInteger();
  private final Map<Labels, Counter> counters = new ConcurrentHashMap<>();

  HttpObserver(MeterRegistry registry, String listener, int routeLimit) {
    this.registry = registry;
    this.listener = listener;
    this.routes = new BoundedLabels(routeLimit);
    Gauge.builder("codexlb.http.in.flight", inFlight, AtomicInteger::get)
        .description("HTTP requests received and not yet answered")
        .tag("listener", listener)
        .register(registry);
  }

  @Override
  public void handle(RoutingContext ctx) {
    inFlight.incrementAndGet();
    ctx.addEndHandler(
        ended -> {
          inFlight.decrementAndGet();
          int status = ended.succeeded() ? ctx.response().getStatusCode() : 499;
          Labels labels = new Labels(route(ctx.currentRoute(), status), String.valueOf(status));
          counters.computeIfAbsent(labels, this::counter).increment();
        });
    ctx.next();
  }

  private String route(@Nullable Route route, int status) {
    String path = route == null ? null : route.getPath();
    if (path == null || status == 404) {
      return "unmatched";
    }
    return routes.of(path);
  }

  private Counter counter(Labels labels) {
    return Counter.builder("codexlb.http.requests")
        .description("HTTP requests by listener, route template and status")
        .tag("listener", listener)
        .tag("route", labels.route())
        .tag("status", labels.status())
        .register(registry);
  }

  private record Labels(String route, String status) {}
}
