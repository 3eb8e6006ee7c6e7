package io.codexlb.domain.limit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.LongRange;

/**
 * The overshoot bound of {@code docs/api-keys-and-limits.md} over random interleavings of reserve,
 * settle, release, the passing of windows and the dashboard's reset, for every limit type: the
 * usage counted in a window exceeds {@code max_value} by at most one request's excess over what it
 * reserved in that window, as long as requests stay within their ceilings; each request that does
 * not adds at most its usage beyond its ceiling.
 */
class KeyLimitsBoundProperties {

  private static final Instant START = Instant.parse("2026-03-03T12:34:56Z");
  private static final LimitWindow WINDOW = LimitWindow.HOURLY;

  /** One step of a random interleaving. */
  sealed interface Op {}

  /**
   * A request arrives with an estimate, a ceiling at least as large, and what it will use when it
   * settles, as a fraction (in per mille) of its ceiling, or beyond it when over 1,000.
   */
  record Reserve(long estimate, long ceilingExtra, int usePerMille) implements Op {}

  record Settle(int index) implements Op {}

  record Release(int index) implements Op {}

  record Advance(long seconds) implements Op {}

  record ResetUsage() implements Op {}

  /** A request in flight, as the model sees it. */
  private static final class Open {
    final Reservation reservation;
    final long actual;
    final long ceiling;
    final int count;
    final long held;

    Open(Reservation reservation, long actual, long ceiling, int count, long held) {
      this.reservation = reservation;
      this.actual = actual;
      this.ceiling = ceiling;
      this.count = count;
      this.held = held;
    }
  }

  /** What one count (a window, or the span between resets) took in. */
  private static final class Count {
    long settled;
    long largestExcess;
    long beyondCeilings;
  }

  @Property(tries = 2_000)
  void withinTheirCeilingsConcurrentRequestsOvershootByAtMostOneExcess(
      @ForAll LimitType type,
      @ForAll @LongRange(min = 0, max = 600) long max,
      @ForAll("interleavings") List<Op> ops) {
    check(type, max, ops, false);
  }

  @Property(tries = 1_000)
  void usageBeyondACeilingAddsOnlyItselfToTheOvershoot(
      @ForAll LimitType type,
      @ForAll @LongRange(min = 0, max = 600) long max,
      @ForAll("interleavings") List<Op> ops) {
    check(type, max, ops, true);
  }

  private static void check(LimitType type, long max, List<Op> ops, boolean beyondCeilings) {
    KeyLimits ledger = KeyLimits.of(List.of(KeyLimit.fresh(type, WINDOW, max, START)));
    Instant now = START;
    Instant reset = WINDOW.resetAfter(START);
    List<Count> counts = new ArrayList<>(List.of(new Count()));
    List<Open> open = new ArrayList<>();
    Map<Admission.Refused.Reason, Integer> refusals = new HashMap<>();

    for (Op op : ops) {
      if (op instanceof Advance advance) {
        now = now.plusSeconds(advance.seconds());
        if (!now.isBefore(reset)) {
          reset = WINDOW.resetAfter(now);
          counts.add(new Count());
        }
      } else if (op instanceof ResetUsage) {
        ledger.resetUsage(now);
        counts.add(new Count());
      } else if (op instanceof Reserve reserve) {
        long ceiling = reserve.estimate() + reserve.ceilingExtra();
        int perMille =
            beyondCeilings ? reserve.usePerMille() : Math.min(1_000, reserve.usePerMille());
        long actual = ceiling * perMille / 1_000;
        Admission admission =
            ledger.reserve(usage(type, reserve.estimate()), usage(type, ceiling), now);
        if (admission instanceof Admission.Admitted admitted) {
          Reservation reservation = admitted.reservation();
          open.add(
              new Open(
                  reservation,
                  type == LimitType.REQUESTS ? 1 : actual,
                  type == LimitType.REQUESTS ? 1 : ceiling,
                  counts.size() - 1,
                  reservation.held(type, WINDOW)));
        } else {
          refusals.merge(((Admission.Refused) admission).reason(), 1, Integer::sum);
        }
      } else if (op instanceof Settle settle && !open.isEmpty()) {
        Open request = open.remove(settle.index() % open.size());
        assertThat(request.reservation.settle(usage(type, request.actual), now)).isTrue();
        Count count = counts.get(counts.size() - 1);
        long held = request.count == counts.size() - 1 ? request.held : 0;
        count.settled += request.actual;
        count.largestExcess = Math.max(count.largestExcess, request.actual - held);
        count.beyondCeilings += Math.max(0, request.actual - request.ceiling);
      } else if (op instanceof Release release && !open.isEmpty()) {
        assertThat(open.remove(release.index() % open.size()).reservation.release(now)).isTrue();
      }
      Count count = counts.get(counts.size() - 1);
      assertThat(count.settled)
          .as("settled in this count, with %s refused, max %s", refusals, max)
          .isLessThanOrEqualTo(max + count.largestExcess + count.beyondCeilings);
    }

    for (Open request : open) {
      request.reservation.release(now);
    }
    // The ledger counted exactly what the model settled in the current count.
    assertThat(ledger.limits(now).get(0).currentValue())
        .isEqualTo(counts.get(counts.size() - 1).settled);
    for (Count count : counts) {
      assertThat(count.settled)
          .isLessThanOrEqualTo(max + count.largestExcess + count.beyondCeilings);
    }
  }

  /** A usage whose amount for {@code type} is {@code amount} (a request counts 1 for requests). */
  private static Usage usage(LimitType type, long amount) {
    return switch (type) {
      case TOTAL_TOKENS -> new Usage(amount / 2, amount - amount / 2, 0);
      case INPUT_TOKENS -> new Usage(amount, 0, 0);
      case OUTPUT_TOKENS -> new Usage(0, amount, 0);
      case COST_USD -> new Usage(0, 0, amount);
      case REQUESTS -> Usage.NONE;
    };
  }

  @Provide
  Arbitrary<List<Op>> interleavings() {
    Arbitrary<Integer> indexes = Arbitraries.integers().between(0, 1_000);
    Arbitrary<Op> reserve =
        Combinators.combine(
                Arbitraries.longs().between(0, 120),
                Arbitraries.longs().between(0, 400),
                Arbitraries.integers().between(0, 1_500))
            .as(Reserve::new);
    Arbitrary<Op> op =
        Arbitraries.frequencyOf(
            Tuple.of(6, reserve),
            Tuple.of(4, indexes.map(Settle::new)),
            Tuple.of(1, indexes.map(Release::new)),
            Tuple.of(1, Arbitraries.longs().between(0, 2_700).map(Advance::new)),
            Tuple.of(1, Arbitraries.just(new ResetUsage())));
    return op.list().ofMaxSize(120);
  }
}
