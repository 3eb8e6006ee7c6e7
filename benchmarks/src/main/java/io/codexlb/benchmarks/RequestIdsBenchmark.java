package io.codexlb.benchmarks;

import io.codexlb.adapter.http.RequestIds;
import java.util.UUID;
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
 * The request id costs of every request: checking a client's id, and making a fresh one with {@link
 * java.util.concurrent.ThreadLocalRandom} against the {@link UUID#randomUUID()} it replaced.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@Threads(2)
public class RequestIdsBenchmark {

  private final String clientId = "0f8c2b1e-6a43-4c1f-9b1a-3d2e5f6a7b8c";

  @Benchmark
  public boolean acceptClientId() {
    return RequestIds.isAcceptable(clientId);
  }

  @Benchmark
  public String generateWithThreadLocalRandom() {
    return RequestIds.generate();
  }

  @Benchmark
  public String generateWithSecureRandom() {
    return UUID.randomUUID().toString();
  }
}
