package io.codexlb.application;

import static io.codexlb.port.out.Stages.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.codexlb.domain.key.ApiKey;
import io.codexlb.domain.key.ApiKeyId;
import io.codexlb.domain.key.KeyHash;
import io.codexlb.domain.limit.KeyLimit;
import io.codexlb.domain.limit.LimitType;
import io.codexlb.domain.limit.LimitWindow;
import io.codexlb.domain.limit.Usage;
import io.codexlb.port.out.CountingLimitLeaseRepository;
import io.codexlb.port.out.InMemoryApiKeyRepository;
import io.codexlb.port.out.InMemoryLimitLeaseRepository;
import io.codexlb.port.out.StoredApiKey;
import io.codexlb.port.out.UsageDelta;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;

/**
 * The figure of {@code docs/benchmarks.md} ("Shared key limits: store calls per request"): how many
 * calls to the lease store a request costs, far from its key's limit and near it, counted with a
 * counting decorator over the in-memory leases (counts, not time). Two instances take turns serving
 * a steady 100 requests a second (simulated time: each request ends at once, and each instance runs
 * its 1 s tick). Prints one table row per case, and checks the claims the docs make.
 */
class LimitBudgetsStoreCallsTest {

  private static final Instant NOW = Instant.parse("2026-03-03T00:00:00Z");
  private static final ApiKeyId KEY = new ApiKeyId("k1");
  private static final int PER_SECOND = 100;

  /** The counts of one case. */
  private record Figure(
      String name, int offered, int admitted, int waited, int leases, int giveBacks, int renewals) {

    String row() {
      return String.format(
          Locale.ROOT,
          "| %s | %,d | %,d | %d | %,d (%.3f) | %,d (%.3f) | %d | %.3f |",
          name,
          offered,
          admitted,
          waited,
          leases,
          leases / (double) offered,
          giveBacks,
          giveBacks / (double) offered,
          renewals,
          (leases + giveBacks + renewals) / (double) offered);
    }
  }

  private static Figure run(
      String name, LimitType type, long max, long ceiling, long used, int offered) {
    InMemoryApiKeyRepository keys = new InMemoryApiKeyRepository();
    ApiKey key =
        new ApiKey(
            KEY, "k1", KeyHash.of("sk-clb-k1"), "sk-clb-k1", true, null, Set.of(), NOW, null);
    await(
        keys.create(
            new StoredApiKey(key, List.of(KeyLimit.fresh(type, LimitWindow.DAILY, max, NOW)))));
    CountingLimitLeaseRepository counted =
        new CountingLimitLeaseRepository(new InMemoryLimitLeaseRepository(keys));
    List<LimitBudgets> instances =
        List.of(new LimitBudgets(counted, "a"), new LimitBudgets(counted, "b"));
    List<LimitBudgets.Need> needs =
        List.of(new LimitBudgets.Need(type, LimitWindow.DAILY, ceiling, max));
    Usage usage = type == LimitType.COST_USD ? new Usage(1, 1, used) : new Usage(0, used, 0);
    List<UsageDelta> deltas =
        List.of(new UsageDelta(type, LimitWindow.DAILY, type.amountOf(usage)));
    int admitted = 0;
    int waited = 0;
    counted.hold();
    for (int i = 0; i < offered; i++) {
      Instant now = NOW.plusMillis(i * 1_000L / PER_SECOND);
      LimitBudgets instance = instances.get(i % 2);
      if (i % PER_SECOND < 2) {
        await(instance.tick(now)); // each instance's 1 s tick
      }
      CompletionStage<LimitBudgets.Outcome> stage = instance.take(KEY, needs, now);
      if (!stage.toCompletableFuture().isDone()) {
        waited++; // this request waited for the store
      }
      // A slow store: the lease calls made are answered only now, behind the request.
      counted.release();
      counted.hold();
      if (await(stage) instanceof LimitBudgets.Taken taken) {
        admitted++;
        taken.hold().settle(usage);
        await(keys.addUsage(KEY, deltas, now));
        instance.written(KEY, deltas);
      }
    }
    counted.release();
    return new Figure(
        name, offered, admitted, waited, counted.leases(), counted.giveBacks(), counted.renewals());
  }

  @Test
  void storeCallsPerRequestFarFromTheLimitAndNearIt() {
    Figure farRequests =
        run("far: `requests` 1,000,000/day", LimitType.REQUESTS, 1_000_000, 1, 1, 20_000);
    Figure farTokens =
        run(
            "far: `total_tokens` 10^9/day, ceiling 130,000, 3,000 used",
            LimitType.TOTAL_TOKENS,
            1_000_000_000,
            130_000,
            3_000,
            20_000);
    Figure nearRequests =
        run("near: `requests` 1,000/day, 2,000 offered", LimitType.REQUESTS, 1_000, 1, 1, 2_000);
    Figure nearTokens =
        run(
            "near: `total_tokens` 100,000/day, ceiling 130,000, 3,000 used",
            LimitType.TOTAL_TOKENS,
            100_000,
            130_000,
            3_000,
            2_000);

    System.out.println(
        "| Case | Requests | Admitted | Waited for the store | Lease calls (per request) |"
            + " Give-backs (per request) | Renewals | All lease-store calls per request |");
    System.out.println("|---|---|---|---|---|---|---|---|");
    for (Figure figure : List.of(farRequests, farTokens, nearRequests, nearTokens)) {
      System.out.println(figure.row());
    }

    // Far from the limit: only each instance's first request waits; the rest cost no call.
    for (Figure far : List.of(farRequests, farTokens)) {
      assertThat(far.admitted()).isEqualTo(far.offered());
      assertThat(far.waited()).isEqualTo(2);
      assertThat(far.leases() + far.giveBacks() + far.renewals()).isLessThan(far.offered() / 10);
    }
    // Near it the limit holds, and requests lease, refused ones at most once a second each.
    assertThat(nearRequests.admitted()).isLessThanOrEqualTo(1_000);
    assertThat(nearTokens.admitted() * 3_000L).isLessThan(100_000 + 3_000);
    assertThat(nearRequests.waited()).isGreaterThan(farRequests.waited());
  }
}
