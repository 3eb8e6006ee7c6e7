package io.codexlb.bootstrap.wiring;

import dagger.Module;
import dagger.Provides;
import io.codexlb.adapter.http.metrics.Metrics;
import io.codexlb.application.DataPlaneService;
import io.codexlb.bootstrap.proxy.LatencyLog;
import io.codexlb.domain.upstream.UpstreamFailure;
import io.codexlb.port.out.ProxyTracer;
import io.codexlb.port.out.RequestLog;
import jakarta.inject.Provider;
import jakarta.inject.Singleton;
import java.time.Clock;

/**
 * The metrics: one registry per server, told about requests through the data plane's {@link
 * ProxyTracer} (beside the latency log), reading its gauges from the data plane at scrape time.
 */
@Module(includes = ClockModule.class)
public interface MetricsModule {

  @Provides
  @Singleton
  static Metrics metrics(Provider<DataPlaneService> dataPlane, Clock clock) {
    // A provider: the data plane is built with the metrics' tracer, so it comes after them.
    return new Metrics(dataPlane::get, clock);
  }

  @Provides
  static ProxyTracer proxyTracer(LatencyLog latency, Metrics metrics) {
    ProxyTracer counted = metrics.tracer();
    return new ProxyTracer() {
      @Override
      public void finished(RequestLog log, long upstreamMillis, int attempts) {
        counted.finished(log, upstreamMillis, attempts);
        latency.finished(log, upstreamMillis, attempts);
      }

      @Override
      public void attemptFailed(UpstreamFailure failure) {
        counted.attemptFailed(failure);
      }
    };
  }
}
