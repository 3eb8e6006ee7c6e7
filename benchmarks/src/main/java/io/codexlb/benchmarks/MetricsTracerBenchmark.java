package io.codexlb.benchmarks;

import io.codexlb.adapter.http.metrics.Metrics;
import io.codexlb.domain.account.AccountId;
import io.codexlb.domain.key.ApiKeyId;
import io.codexlb.port.in.ObserveDataPlaneUseCase;
import io.codexlb.port.out.ProxyTracer;
import io.codexlb.port.out.RequestLog;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the metrics add to a finished request: the data plane's {@link ProxyTracer} call with the
 * metrics' tracer (a counter lookup, a counter and two histograms) against the tracer that does
 * nothing, on two threads at once as two event loops would.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@Threads(2)
public class MetricsTracerBenchmark {

  private final ProxyTracer counted =
      new Metrics(() -> now -> ObserveDataPlaneUseCase.Snapshot.EMPTY, Clock.systemUTC()).tracer();

  private final RequestLog log =
      new RequestLog(
          "req-1",
          Instant.parse("2026-12-07T00:00:00Z"),
          Optional.of(new ApiKeyId("key-1")),
          Optional.of(new AccountId("acc-1")),
          "gpt-5.2",
          200,
          Optional.empty(),
          1_000,
          400,
          0,
          0,
          1_234,
          850,
          OptionalLong.of(210),
          1,
          Optional.empty());

  @Benchmark
  public void withoutMetrics() {
    ProxyTracer.NONE.finished(log, 800, 1);
  }

  @Benchmark
  public void withMetrics() {
    counted.finished(log, 800, 1);
  }
}
