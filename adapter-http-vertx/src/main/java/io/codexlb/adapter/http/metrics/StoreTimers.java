package io.codexlb.adapter.http.metrics;

import io.codexlb.port.out.StorePorts;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Times the store's calls: every method of a store port that answers with a {@link CompletionStage}
 * is timed from the call to the stage's completion, labelled by port, method and outcome ({@code
 * ok} or {@code error}). A decorator of the ports (a JDK proxy), so neither the application nor the
 * store adapters change; labels are the ports' own method names, a fixed set.
 */
final class StoreTimers {

  private static final Duration[] BUCKETS = {
    Duration.ofMillis(1),
    Duration.ofMillis(5),
    Duration.ofMillis(10),
    Duration.ofMillis(25),
    Duration.ofMillis(50),
    Duration.ofMillis(100),
    Duration.ofMillis(250),
    Duration.ofMillis(500),
    Duration.ofSeconds(1),
    Duration.ofSeconds(5)
  };

  private final MeterRegistry registry;
  private final Map<Labels, Timer> timers = new ConcurrentHashMap<>();

  StoreTimers(MeterRegistry registry) {
    this.registry = registry;
  }

  /** The ports, each timed. */
  StorePorts timed(StorePorts ports) {
    return new StorePorts(
        timed(io.codexlb.port.out.AccountRepository.class, ports.accounts()),
        timed(io.codexlb.port.out.ApiKeyRepository.class, ports.apiKeys()),
        timed(io.codexlb.port.out.SettingsRepository.class, ports.settings()),
        timed(io.codexlb.port.out.RequestLogRepository.class, ports.requestLogs()),
        timed(io.codexlb.port.out.StoreMetadataRepository.class, ports.metadata()),
        timed(io.codexlb.port.out.StoreChangePublisher.class, ports.changes()),
        timed(io.codexlb.port.out.StickySessionRepository.class, ports.stickySessions()),
        timed(io.codexlb.port.out.AdminAuthRepository.class, ports.adminAuth()),
        timed(io.codexlb.port.out.AuditLogRepository.class, ports.auditLogs()),
        timed(io.codexlb.port.out.UsageHistoryRepository.class, ports.usageHistory()),
        // The job lease is not a store call on a request's or a job's path but the right to run
        // the jobs; its own connection is held, not timed.
        ports.jobLease(),
        ports
            .limitLeases()
            .map(leases -> timed(io.codexlb.port.out.LimitLeaseRepository.class, leases)));
  }

  private <T> T timed(Class<T> port, T target) {
    InvocationHandler handler = (proxy, method, args) -> call(port, target, method, args);
    return port.cast(Proxy.newProxyInstance(port.getClassLoader(), new Class<?>[] {port}, handler));
  }

  @SuppressWarnings("NullAway") // a proxy's arguments and results are the port's own
  private Object call(Class<?> port, Object target, Method method, Object[] args) throws Throwable {
    if (method.getDeclaringClass() == Object.class) {
      return method.invoke(target, args);
    }
    long start = System.nanoTime();
    Object result;
    try {
      result = method.invoke(target, args);
    } catch (InvocationTargetException e) {
      record(port, method, "error", start);
      throw e.getCause();
    }
    if (result instanceof CompletionStage<?> stage) {
      // Timed when the stage completes; the caller gets the stage itself, unchanged.
      stage.whenComplete(
          (value, error) -> record(port, method, error == null ? "ok" : "error", start));
    }
    return result;
  }

  private void record(Class<?> port, Method method, String outcome, long start) {
    timers
        .computeIfAbsent(new Labels(port.getSimpleName(), method.getName(), outcome), this::timer)
        .record(System.nanoTime() - start, java.util.concurrent.TimeUnit.NANOSECONDS);
  }

  private Timer timer(Labels labels) {
    return Timer.builder("codexlb.store.calls")
        .description("Store calls by port, method and outcome, until their answer")
        .tag("port", labels.port())
        .tag("method", labels.method())
        .tag("outcome", labels.outcome())
        .serviceLevelObjectives(BUCKETS)
        .register(registry);
  }

  private record Labels(String port, String method, String outcome) {}
}
