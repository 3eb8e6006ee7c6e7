package io.codexlb.domain.limit;

import static org.assertj.core.api.Assertions.assertThat;

import io.codexlb.domain.RetryAfter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.LongRange;

/**
 * The ledger against a simple model: random single-threaded sequences of reserve, settle, release,
 * repeated ends and the passing of time never lose or double-count usage; a request is admitted
 * exactly when no limit is used up and none is near with another request in flight; every refusal
 * names a used-up (or near) limit and a non-negative Retry-After; windows roll exactly at their
 * boundaries.
 */
class KeyLimitsProperties {

  private static final Instant START = Instant.parse("2026-03-03T12:34:56Z");
  private static final LimitType[] TYPES = LimitType.values();

  /** One step of a random sequence. */
  sealed interface Op {}

  record Reserve(Usage estimate) implements Op {}

  record Settle(int index, Usage actual) implements Op {}

  record Release(int index) implements Op {}

  record Advance(long seconds) implements Op {}

  /** The model of one reservation: what it holds per type, in which epoch, and whether it ended. */
  private static final class ModelReservation {
    final Reservation real;
    final long[] holds;
    final long[] ceilings;
    final long epoch;
    boolean ended;

    ModelReservation(Reservation real, long[] holds, long[] ceilings, long epoch) {
      this.real = real;
      this.holds = holds;
      this.ceilings = ceilings;
      this.epoch = epoch;
    }
  }

  /** A request's ceiling for type {@code t}: its estimate, capped at {@code max + 1}. */
  private static long ceiling(int t, Usage estimate, long max) {
    return Math.min(TYPES[t].amountOf(estimate), max + 1);
  }

  @Property
  void randomSequencesMatchTheModelAndNeverLoseOrDoubleCount(
      @ForAll("maxima") List<Long> maxima, @ForAll("ops") List<Op> ops) {
    List<KeyLimit> initial = new ArrayList<>();
    for (int t = 0; t < TYPES.length; t++) {
      initial.add(KeyLimit.fresh(TYPES[t], LimitWindow.HOURLY, maxima.get(t), START));
    }
    KeyLimits ledger = KeyLimits.of(initial);
    long[] current = new long[TYPES.length];
    long[] settledInEpoch = new long[TYPES.length];
    long epoch = 0;
    Instant now = START;
    Instant reset = LimitWindow.HOURLY.resetAfter(START);
    List<ModelReservation> reservations = new ArrayList<>();

    for (Op op : ops) {
      if (op instanceof Advance advance) {
        now = now.plusSeconds(advance.seconds());
        if (!now.isBefore(reset)) {
          reset = LimitWindow.HOURLY.resetAfter(now);
          epoch++;
          current = new long[TYPES.length];
          settledInEpoch = new long[TYPES.length];
        }
      } else if (op instanceof Reserve reserve) {
        Admission admission = ledger.reserve(reserve.estimate(), now);
        boolean exhausted = false;
        boolean busy = false;
        for (int t = 0; t < TYPES.length; t++) {
          exhausted |= current[t] >= maxima.get(t);
          // Near the limit (settled usage plus the ceilings in flight, of any epoch, leave no room
          // for this request's ceiling, here its estimate), one request at a time.
          long settledNow = current[t];
          long exposure = 0;
          long inFlight = 0;
          for (ModelReservation r : reservations) {
            if (!r.ended) {
              settledNow -= r.epoch == epoch ? r.holds[t] : 0;
              exposure += r.ceilings[t];
              inFlight++;
            }
          }
          long ceiling = ceiling(t, reserve.estimate(), maxima.get(t));
          busy |= inFlight > 0 && settledNow + exposure + ceiling > maxima.get(t);
        }
        if (exhausted) {
          assertThat(admission).isInstanceOf(Admission.Refused.class);
          Admission.Refused refusal = (Admission.Refused) admission;
          assertThat(refusal.reason()).isEqualTo(Admission.Refused.Reason.USED_UP);
          assertThat(current[refusal.type().ordinal()])
              .isGreaterThanOrEqualTo(maxima.get(refusal.type().ordinal()));
          assertThat(refusal.retryAfterSeconds()).isNotNegative();
        } else if (busy) {
          assertThat(admission).isInstanceOf(Admission.Refused.class);
          Admission.Refused refusal = (Admission.Refused) admission;
          assertThat(refusal.reason()).isEqualTo(Admission.Refused.Reason.BUSY);
          assertThat(refusal.retryAfterSeconds()).isEqualTo(1);
        } else {
          assertThat(admission).isInstanceOf(Admission.Admitted.class);
          long[] holds = new long[TYPES.length];
          long[] ceilings = new long[TYPES.length];
          for (int t = 0; t < TYPES.length; t++) {
            holds[t] = Math.min(maxima.get(t) - current[t], TYPES[t].amountOf(reserve.estimate()));
            ceilings[t] = ceiling(t, reserve.estimate(), maxima.get(t));
            current[t] += holds[t];
          }
          reservations.add(
              new ModelReservation(
                  ((Admission.Admitted) admission).reservation(), holds, ceilings, epoch));
        }
      } else if (op instanceof Settle settle && !reservations.isEmpty()) {
        ModelReservation r = reservations.get(settle.index() % reservations.size());
        assertThat(r.real.settle(settle.actual(), now)).isEqualTo(!r.ended);
        if (!r.ended) {
          for (int t = 0; t < TYPES.length; t++) {
            long amount = TYPES[t].amountOf(settle.actual());
            current[t] += amount - (r.epoch == epoch ? r.holds[t] : 0);
            settledInEpoch[t] += amount;
          }
          r.ended = true;
        }
      } else if (op instanceof Release release && !reservations.isEmpty()) {
        ModelReservation r = reservations.get(release.index() % reservations.size());
        assertThat(r.real.release(now)).isEqualTo(!r.ended);
        if (!r.ended && r.epoch == epoch) {
          for (int t = 0; t < TYPES.length; t++) {
            current[t] -= r.holds[t];
          }
        }
        r.ended = true;
      }
      assertThat(ledger.limits(now))
          .extracting(KeyLimit::currentValue)
          .containsExactly(box(current));
    }

    // Once every request has ended, a count is exactly what was settled in its window.
    for (ModelReservation r : reservations) {
      r.real.release(now);
    }
    assertThat(ledger.limits(now))
        .extracting(KeyLimit::currentValue)
        .containsExactly(box(settledInEpoch));
  }

  @Property
  void aRefusalAlwaysNamesAUsedUpLimitAndANonNegativeRetryAfter(
      @ForAll LimitType type,
      @ForAll LimitWindow window,
      @ForAll @LongRange(min = 0, max = 100) long max,
      @ForAll @LongRange(min = 0, max = 200) long current,
      @ForAll @LongRange(min = -100_000_000, max = 100_000_000) long createdOffsetSeconds,
      @ForAll @LongRange(min = 0, max = 100_000_000) long laterSeconds) {
    Instant created = START.plusSeconds(createdOffsetSeconds);
    Instant now = created.plusSeconds(laterSeconds);
    KeyLimit limit = new KeyLimit(type, window, max, current, window.resetAfter(created));
    KeyLimits ledger = KeyLimits.of(List.of(limit));
    KeyLimit before = ledger.limits(now).get(0);

    Admission admission = ledger.reserve(new Usage(1, 1, 1), now);

    assertThat(admission instanceof Admission.Refused).isEqualTo(before.exhausted());
    if (admission instanceof Admission.Refused refusal) {
      assertThat(refusal.message())
          .isEqualTo("API key " + type.wireName() + " " + window.wireName() + " limit exceeded");
      assertThat(refusal.retryAfterSeconds())
          .isNotNegative()
          .isEqualTo(RetryAfter.seconds(now, before.resetAt()));
      assertThat(refusal.resetAt()).isEqualTo(before.resetAt()).isAfter(now);
    }
  }

  @Property
  void aUsedUpLimitRollsExactlyAtItsBoundary(
      @ForAll LimitType type,
      @ForAll LimitWindow window,
      @ForAll @LongRange(min = 0, max = 4_000_000_000L) long seconds) {
    Instant at = Instant.ofEpochSecond(seconds);
    Instant reset = window.resetAfter(at);
    KeyLimits ledger = KeyLimits.of(List.of(new KeyLimit(type, window, 5, 5, reset)));

    Admission justBefore = ledger.reserve(Usage.NONE, reset.minusNanos(1));
    Admission atReset = ledger.reserve(Usage.NONE, reset);

    assertThat(justBefore).isInstanceOf(Admission.Refused.class);
    assertThat(((Admission.Refused) justBefore).retryAfterSeconds()).isEqualTo(1);
    assertThat(atReset).isInstanceOf(Admission.Admitted.class);
    assertThat(ledger.limits(reset).get(0).resetAt()).isEqualTo(window.resetAfter(reset));
  }

  @Provide
  Arbitrary<List<Long>> maxima() {
    return Arbitraries.longs().between(0, 400).list().ofSize(TYPES.length);
  }

  @Provide
  Arbitrary<List<Op>> ops() {
    Arbitrary<Usage> usages =
        Combinators.combine(
                Arbitraries.longs().between(0, 120),
                Arbitraries.longs().between(0, 120),
                Arbitraries.longs().between(0, 120))
            .as(Usage::new);
    Arbitrary<Integer> indexes = Arbitraries.integers().between(0, 1_000);
    Arbitrary<Op> op =
        Arbitraries.frequencyOf(
            net.jqwik.api.Tuple.of(5, usages.map(Reserve::new)),
            net.jqwik.api.Tuple.of(4, Combinators.combine(indexes, usages).as(Settle::new)),
            net.jqwik.api.Tuple.of(2, indexes.map(Release::new)),
            net.jqwik.api.Tuple.of(1, Arbitraries.longs().between(0, 5_400).map(Advance::new)));
    return op.list().ofMaxSize(80);
  }

  private static Long[] box(long[] values) {
    Long[] boxed = new Long[values.length];
    for (int i = 0; i < values.length; i++) {
      boxed[i] = values[i];
    }
    return boxed;
  }
}
