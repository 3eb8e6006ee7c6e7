package io.codexlb.benchmarks;

import static io.codexlb.benchmarks.RoutingPool.NOW;

import io.codexlb.domain.account.AccountId;
import io.codexlb.domain.routing.PickResult;
import io.codexlb.domain.routing.RoutingTable;
import io.codexlb.domain.settings.RoutingStrategy;
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
 * Routing through a {@link RoutingTable} over the same {@link RoutingPool} as {@link
 * RoutingBenchmark}: a {@code capacity_weighted} pick with {@code prefer_earlier_reset} (the
 * issue's target), the same with one account excluded after a failure, and a request's whole
 * routing bookkeeping (pick, then acquire and release the account).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class RoutingTableBenchmark {

  @Param({"1000", "10000"})
  public int accounts;

  private RoutingTable table;
  private Set<AccountId> oneFailed;

  @Setup
  public void setUp() {
    table =
        RoutingTable.of(
            RoutingPool.settings(RoutingStrategy.CAPACITY_WEIGHTED), new SplittableRandom(13));
    List<RoutingPool.Member> pool = RoutingPool.of(accounts);
    for (RoutingPool.Member member : pool) {
      table.put(member.account());
      for (int i = 0; i < member.inFlight(); i++) {
        table.acquire(member.account().id());
      }
    }
    oneFailed = Set.of(pool.get(0).account().id());
    // Brings every account up to NOW once, as the first request after start-up would.
    table.pick(Set.of(), NOW);
  }

  @Benchmark
  public PickResult capacityWeightedPreferEarlierReset() {
    return table.pick(Set.of(), NOW);
  }

  @Benchmark
  public PickResult capacityWeightedWithOneExcluded() {
    return table.pick(oneFailed, NOW);
  }

  @Benchmark
  public PickResult pickAcquireRelease() {
    PickResult result = table.pick(Set.of(), NOW);
    if (result instanceof PickResult.Picked picked) {
      table.acquire(picked.account());
      table.release(picked.account());
    }
    return result;
  }
}
