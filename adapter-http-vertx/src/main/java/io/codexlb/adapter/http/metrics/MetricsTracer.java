package io.codexlb.adapter.http.metrics;

import io.codexlb.domain.upstream.UpstreamFailure;
import io.codexlb.port.out.ProxyTracer;
import io.codexlb.port.out.RequestLog;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Counts every finished proxy request and every failed attempt, told by the data plane through the
 * {@link ProxyTracer} port. The meters of a label combination are looked up once and cached, so a
 * request costs a map lookup and a few atomic adds.
 */
final class MetricsTracer implements ProxyTracer {

  /** The histogram buckets of request latency and time to first token. */
  static final Duration[] BUCKETS = {
    Duration.ofMillis(50),
    Duration.ofMillis(100),
    Duration.ofMillis(250),
    Duration.ofMillis(500),
    Duration.ofSeconds(1),
    Duration.ofMillis(2500),
    Duration.ofSeconds(5),
    Duration.ofSeconds(10),
    Duration.ofSeconds(30),
    Duration.ofSeconds(60),
    Duration.ofSeconds(120),
    Duration.ofSeconds(300)
  };

  private final MeterRegistry registry;
  private final BoundedLabels models;
  private final BoundedLabels keys;
  private final Map<RequestLabels, Counter> requests = new ConcurrentHashMap<>();
  private final Map<String, Counter> failures = new ConcurrentHashMap<>();
  private final Timer latency;
  private final Timer firstToken;
  private final Counter attempts;
  private final Counter failovers;

  MetricsTracer(MeterRegistry registry, int modelLimit, int keyLimit) {
    this.registry = registry;
    this.models = new BoundedLabels(modelLimit);
    this.keys = new BoundedLabels(keyLimit);
    this.latency =
        Timer.builder("codexlb.request.duration")
            .description("Proxy requests from arrival to their last byte")
            .serviceLevelObjectives(BUCKETS)
            .register(registry);
    this.firstToken =
        Timer.builder("codexlb.request.first.token")
            .description("Proxy requests from arrival to their first output delta")
            .serviceLevelObjectives(BUCKETS)
            .register(registry);
    this.attempts =
        Counter.builder("codexlb.upstream.attempts")
            .description("Accounts proxy requests were sent to")
            .register(registry);
    this.failovers =
        Counter.builder("codexlb.failovers")
            .description("Attempts past a request's first (another account tried after a failure)")
            .register(registry);
  }

  @Override
  public void finished(RequestLog log, long upstreamMillis, int tried) {
    String key = log.apiKeyId().map(id -> keys.of(id.value())).orElse("none");
    RequestLabels labels =
        new RequestLabels(String.valueOf(log.statusCode()), models.of(log.model()), key);
    requests.computeIfAbsent(labels, this::requestCounter).increment();
    latency.record(log.latencyMillis(), TimeUnit.MILLISECONDS);
    log.firstTokenMillis().ifPresent(millis -> firstToken.record(millis, TimeUnit.MILLISECONDS));
    if (tried > 0) {
      attempts.increment(tried);
      if (tried > 1) {
        failovers.increment(tried - 1);
      }
    }
  }

  @Override
  public void attemptFailed(UpstreamFailure failure) {
    failures.computeIfAbsent(cause(failure), this::failureCounter).increment();
  }

  /** The cause label: the failure's kind, one of a fixed few. */
  static String cause(UpstreamFailure failure) {
    // The record's name in snake case: RateLimited -> rate_limited.
    return failure
        .getClass()
        .getSimpleName()
        .replaceAll("([a-z])([A-Z])", "$1_$2")
        .toLowerCase(Locale.ROOT);
  }

  private Counter requestCounter(RequestLabels labels) {
    return Counter.builder("codexlb.requests")
        .description("Finished proxy requests by status, model and API key id")
        .tag("status", labels.status())
        .tag("model", labels.model())
        .tag("key", labels.key())
        .register(registry);
  }

  private Counter failureCounter(String cause) {
    return Counter.builder("codexlb.upstream.failures")
        .description("Failed upstream attempts by cause")
        .tag("cause", cause)
        .register(registry);
  }

  private record RequestLabels(String status, String model, String key) {}
}
