package io.codexlb.benchmarks;

import static io.codexlb.benchmarks.RoutingPool.NOW;

import io.codexlb.domain.routing.AccountPicker;
import io.codexlb.domain.routing.Candidate;
import io.codexlb.domain.routing.PickResult;
import io.codexlb.domain.settings.RoutingStrategy;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One list-based routing pick ({@link AccountPicker}) over a {@link RoutingPool} of 1,000 or 10,000
 * accounts. The targets are medians of 2 µs and 20 µs for {@code capacity_weighted} with
 * {@code prefer_earlier_reset}; SampleTime mode reports the median as {@code p0.50}. {@link
 * RoutingTableBenchmark} measures the same picks through a {@code RoutingTable}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class RoutingBenchmark {

  @Param({"1000", "10000"})
  public int accounts;

  private List<Candidate> candidates;
  private AccountPicker capacityWeighted;
  private AccountPicker usageWeighted;

  @Setup
  public void setUp() {
    List<Candidate> pool = new ArrayList<>(accounts);
    for (RoutingPool.Member member : RoutingPool.of(accounts)) {
      pool.add(new Candidate(member.account().view(NOW), member.inFlight()));
    }
    // The snapshot the application layer would hand over: an immutable, random-access list.
    candidates = List.copyOf(pool);
    capacityWeighted =
        AccountPicker.ofCapacityWeighted(
            RoutingPool.settings(RoutingStrategy.CAPACITY_WEIGHTED), new SplittableRandom(13));
    usageWeighted =
        AccountPicker.ofUsageWeighted(RoutingPool.settings(RoutingStrategy.USAGE_WEIGHTED));
  }

  @Benchmark
  public PickResult capacityWeightedPreferEarlierReset() {
    return capacityWeighted.pick(candidates, Set.of(), NOW);
  }

  @Benchmark
  public PickResult usageWeightedPreferEarlierReset() {
    return usageWeighted.pick(candidates, Set.of(), NOW);
  }
}
