package io.codexlb.domain.limit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Real threads hammering one ledger. Tests may use threads; the domain itself starts none. The
 * timeouts only keep a deadlock from hanging the build; nothing here measures speed.
 */
class KeyLimitsConcurrencyTest {

  private static final int THREADS = 8;
  private static final Instant NOW = Instant.parse("2026-03-03T12:00:00Z");

  private final ExecutorService pool = Executors.newFixedThreadPool(THREADS);

  @AfterEach
  void stopThreads() {
    pool.shutdownNow();
  }

  private <T> List<T> runTogether(List<Callable<T>> tasks) throws Exception {
    CountDownLatch start = new CountDownLatch(1);
    List<Future<T>> futures = new ArrayList<>();
    for (Callable<T> task : tasks) {
      futures.add(
          pool.submit(
              () -> {
                start.await();
                return task.call();
              }));
    }
    start.countDown();
    List<T> results = new ArrayList<>();
    for (Future<T> future : futures) {
      results.add(future.get(2, TimeUnit.MINUTES));
    }
    return results;
  }

  @Test
  void concurrentReserveSettleAndReleaseCountExactlyTheSettledUsage() throws Exception {
    KeyLimits ledger = KeyLimits.none();
    ledger.addLimit(LimitType.TOTAL_TOKENS, LimitWindow.DAILY, Long.MAX_VALUE, NOW);
    ledger.addLimit(LimitType.COST_USD, LimitWindow.MONTHLY, Long.MAX_VALUE, NOW);
    ledger.addLimit(LimitType.REQUESTS, LimitWindow.HOURLY, Long.MAX_VALUE, NOW);
    List<Callable<long[]>> workers = new ArrayList<>();
    for (int w = 0; w < THREADS; w++) {
      long seed = w;
      workers.add(
          () -> {
            SplittableRandom random = new SplittableRandom(seed);
            long tokens = 0;
            long cost = 0;
            long requests = 0;
            List<Reservation> open = new ArrayList<>();
            for (int i = 0; i < 5_000; i++) {
              Usage estimate = new Usage(random.nextLong(1_000), random.nextLong(1_000), 5);
              open.add(((Admission.Admitted) ledger.reserve(estimate, NOW)).reservation());
              while (!open.isEmpty() && random.nextInt(3) > 0) {
                Reservation reservation = open.remove(random.nextInt(open.size()));
                if (random.nextBoolean()) {
                  Usage actual =
                      new Usage(random.nextLong(2_000), random.nextLong(2_000), random.nextLong(9));
                  reservation.settle(actual, NOW);
                  // a second end must change nothing
                  reservation.settle(actual, NOW);
                  reservation.release(NOW);
                  tokens += actual.inputTokens() + actual.outputTokens();
                  cost += actual.costMicros();
                  requests++;
                } else {
                  reservation.release(NOW);
                  reservation.settle(new Usage(1, 1, 1), NOW);
                }
              }
            }
            for (Reservation reservation : open) {
              reservation.release(NOW);
            }
            return new long[] {tokens, cost, requests};
          });
    }

    List<long[]> settled = runTogether(workers);

    long[] expected = new long[3];
    for (long[] totals : settled) {
      for (int i = 0; i < 3; i++) {
        expected[i] += totals[i];
      }
    }
    assertThat(ledger.limits(NOW))
        .extracting(KeyLimit::currentValue)
        .containsExactly(expected[0], expected[1], expected[2]);
  }

  @Test
  void concurrentRequestsNeverGetPastARequestsLimit() throws Exception {
    KeyLimits ledger = KeyLimits.none();
    ledger.addLimit(LimitType.REQUESTS, LimitWindow.DAILY, 1_000, NOW);
    List<Callable<Integer>> workers = new ArrayList<>();
    for (int w = 0; w < THREADS; w++) {
      workers.add(
          () -> {
            int admitted = 0;
            for (int i = 0; i < 500; i++) {
              Admission admission = ledger.reserve(Usage.NONE, NOW);
              if (admission instanceof Admission.Admitted a) {
                a.reservation().settle(Usage.NONE, NOW);
                admitted++;
              }
            }
            return admitted;
          });
    }

    int admitted = runTogether(workers).stream().mapToInt(Integer::intValue).sum();

    assertThat(admitted).isEqualTo(1_000);
    assertThat(ledger.limits(NOW).get(0).currentValue()).isEqualTo(1_000);
  }

  /**
   * Many threads on one limit near its maximum, every request using more than its estimate (but no
   * more than its ceiling): the count ends at most one request's excess over its reservation past
   * the maximum, however the threads interleave, and counts exactly the usage settled.
   */
  @ParameterizedTest
  @EnumSource(LimitType.class)
  void concurrentRequestsOvershootALimitByAtMostOneRequestsExcess(LimitType type) throws Exception {
    for (LimitWindow window : LimitWindow.values()) {
      long max = type == LimitType.REQUESTS ? 300 : 50_000;
      KeyLimits ledger = KeyLimits.none();
      ledger.addLimit(type, window, max, NOW);
      List<Callable<long[]>> workers = new ArrayList<>();
      for (int w = 0; w < THREADS; w++) {
        long seed = w * 31L + type.ordinal();
        workers.add(
            () -> {
              SplittableRandom random = new SplittableRandom(seed);
              long settled = 0;
              long largestExcess = 0;
              long admitted = 0;
              for (int i = 0; i < 2_000; i++) {
                long estimate = 100 + random.nextLong(400);
                long ceiling = estimate + random.nextLong(5_000);
                long actual = estimate + random.nextLong(ceiling - estimate + 1);
                Admission admission =
                    ledger.reserve(amount(type, estimate), amount(type, ceiling), NOW);
                if (admission instanceof Admission.Admitted a) {
                  Reservation reservation = a.reservation();
                  long held = reservation.held(type, window);
                  if (random.nextInt(10) == 0) {
                    reservation.release(NOW);
                    continue;
                  }
                  long counted = type.amountOf(amount(type, actual));
                  reservation.settle(amount(type, actual), NOW);
                  settled += counted;
                  largestExcess = Math.max(largestExcess, counted - held);
                  admitted++;
                }
              }
              return new long[] {settled, largestExcess, admitted};
            });
      }

      List<long[]> results = runTogether(workers);

      long settled = results.stream().mapToLong(r -> r[0]).sum();
      long largestExcess = results.stream().mapToLong(r -> r[1]).max().orElseThrow();
      KeyLimit limit = ledger.limits(NOW).get(0);
      assertThat(limit.currentValue()).as("%s %s", type, window).isEqualTo(settled);
      assertThat(settled).as("%s %s", type, window).isLessThanOrEqualTo(max + largestExcess);
      // The limit was reached: the bound was tested near the maximum, not far from it.
      assertThat(limit.exhausted()).as("%s %s reached", type, window).isTrue();
    }
  }

  /** A usage whose amount for {@code type} is {@code amount} (a request counts 1 for requests). */
  private static Usage amount(LimitType type, long amount) {
    return switch (type) {
      case TOTAL_TOKENS -> new Usage(amount / 2, amount - amount / 2, 0);
      case INPUT_TOKENS -> new Usage(amount, 0, 0);
      case OUTPUT_TOKENS -> new Usage(0, amount, 0);
      case COST_USD -> new Usage(0, 0, amount);
      case REQUESTS -> Usage.NONE;
    };
  }
}
