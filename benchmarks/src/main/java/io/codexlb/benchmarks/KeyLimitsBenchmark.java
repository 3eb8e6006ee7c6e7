package io.codexlb.benchmarks;

import io.codexlb.domain.limit.Admission;
import io.codexlb.domain.limit.KeyLimit;
import io.codexlb.domain.limit.KeyLimits;
import io.codexlb.domain.limit.LimitType;
import io.codexlb.domain.limit.LimitWindow;
import io.codexlb.domain.limit.Usage;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A key's limit check plus reservation, then its settlement: what every proxied request costs in
 * limit accounting. The key has three limits (tokens per day, requests per minute, cost per month),
 * with ceilings high enough that every request is admitted, so the measured path is the common one.
 * Two threads share the key in {@link #reserveAndSettleContended}, as concurrent requests of one
 * client do.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class KeyLimitsBenchmark {

  private static final Instant NOW = Instant.parse("2026-11-27T10:00:00Z");
  private static final Usage ESTIMATE = new Usage(8_192, 2_048, 40_000);
  private static final Usage ACTUAL = new Usage(1_500, 300, 5_000);

  private KeyLimits limits;

  @Setup
  public void setUp() {
    limits =
        KeyLimits.of(
            List.of(
                KeyLimit.fresh(LimitType.TOTAL_TOKENS, LimitWindow.DAILY, Long.MAX_VALUE / 4, NOW),
                KeyLimit.fresh(LimitType.REQUESTS, LimitWindow.MINUTE, Long.MAX_VALUE / 4, NOW),
                KeyLimit.fresh(LimitType.COST_USD, LimitWindow.MONTHLY, Long.MAX_VALUE / 4, NOW)));
  }

  @Benchmark
  @Threads(1)
  public boolean reserveAndSettle() {
    return reserveAndSettleOnce();
  }

  /**
   * The check plus reservation alone, the part on the request's critical path before it is
   * forwarded. Reservations are left open: the ceilings are high enough that the key never refuses,
   * and an open reservation holds no memory in the ledger beyond its counts.
   */
  @Benchmark
  @Threads(1)
  public Admission reserveOnly() {
    return limits.reserve(ESTIMATE, NOW);
  }

  @Benchmark
  @Threads(2)
  public boolean reserveAndSettleContended() {
    return reserveAndSettleOnce();
  }

  private boolean reserveAndSettleOnce() {
    Admission admission = limits.reserve(ESTIMATE, NOW);
    return ((Admission.Admitted) admission).reservation().settle(ACTUAL, NOW);
  }
}
