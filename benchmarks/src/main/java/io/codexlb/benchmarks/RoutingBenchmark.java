package io.codexlb.benchmarks;

import io.codexlb.domain.account.AccountId;
import io.codexlb.domain.account.AccountStatus;
import io.codexlb.domain.account.AccountView;
import io.codexlb.domain.account.Availability;
import io.codexlb.domain.account.PlanType;
import io.codexlb.domain.account.UnavailableReason;
import io.codexlb.domain.account.UsageWindow;
import io.codexlb.domain.routing.AccountPicker;
import io.codexlb.domain.routing.Candidate;
import io.codexlb.domain.routing.PickResult;
import io.codexlb.domain.settings.RoutingSettings;
import io.codexlb.domain.settings.RoutingStrategy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Random;
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
 * One routing pick over a pool of 1,000 or 10,000 accounts: mixed plans, weekly use from 0 to 95%,
 * weekly resets spread over the coming week, some requests in flight, and about 3% of the accounts
 * ineligible (rate limited, paused, or at the concurrency cap). The targets are medians of
 * 2 µs and 20 µs for {@code capacity_weighted} with {@code prefer_earlier_reset}; SampleTime mode
 * reports the median as {@code p0.50}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class RoutingBenchmark {

  private static final Instant NOW = Instant.parse("2026-11-27T12:00:00Z");

  @Param({"1000", "10000"})
  public int accounts;

  private List<Candidate> candidates;
  private AccountPicker capacityWeighted;
  private AccountPicker usageWeighted;

  @Setup
  public void setUp() {
    SplittableRandom random = new SplittableRandom(7);
    PlanType[] plans = {PlanType.PLUS, PlanType.PLUS, PlanType.PRO, PlanType.TEAM, PlanType.FREE};
    List<Candidate> pool = new ArrayList<>(accounts);
    for (int i = 0; i < accounts; i++) {
      Availability availability = Availability.Available.INSTANCE;
      int roll = random.nextInt(100);
      if (roll == 0) {
        availability =
            new Availability.Unavailable(
                UnavailableReason.RATE_LIMITED, Optional.of(NOW.plusSeconds(600)));
      } else if (roll == 1) {
        availability = new Availability.Unavailable(UnavailableReason.PAUSED, Optional.empty());
      }
      // roll == 2: at the default cap of 8 in flight; otherwise a light load.
      int inFlight = roll == 2 ? 8 : random.nextInt(3);
      UsageWindow primary =
          new UsageWindow(
              random.nextInt(90), NOW.plusSeconds(random.nextLong(5 * 3_600)), Duration.ofHours(5));
      UsageWindow secondary =
          new UsageWindow(
              random.nextInt(96), NOW.plusSeconds(random.nextLong(7 * 86_400)), Duration.ofDays(7));
      AccountView view =
          new AccountView(
              new AccountId("acct-" + i),
              plans[random.nextInt(plans.length)],
              AccountStatus.ACTIVE,
              availability,
              Optional.of(primary),
              Optional.of(secondary),
              0);
      pool.add(new Candidate(view, inFlight));
    }
    // The snapshot the application layer would hand over: an immutable, random-access list.
    Collections.shuffle(pool, new Random(11));
    candidates = List.copyOf(pool);
    // The defaults (cap 8, penalty 2.5 points) with prefer_earlier_reset on.
    capacityWeighted =
        AccountPicker.ofCapacityWeighted(
            settings(RoutingStrategy.CAPACITY_WEIGHTED), new SplittableRandom(13));
    usageWeighted = AccountPicker.ofUsageWeighted(settings(RoutingStrategy.USAGE_WEIGHTED));
  }

  private static RoutingSettings settings(RoutingStrategy strategy) {
    return new RoutingSettings(strategy, true, true, Duration.ofMinutes(30), 8, 2.5, 0L);
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
