package io.codexlb.domain.limit;

import static io.codexlb.domain.limit.LimitType.COST_USD;
import static io.codexlb.domain.limit.LimitType.INPUT_TOKENS;
import static io.codexlb.domain.limit.LimitType.OUTPUT_TOKENS;
import static io.codexlb.domain.limit.LimitType.REQUESTS;
import static io.codexlb.domain.limit.LimitType.TOTAL_TOKENS;
import static io.codexlb.domain.limit.LimitWindow.DAILY;
import static io.codexlb.domain.limit.LimitWindow.HOURLY;
import static io.codexlb.domain.limit.LimitWindow.MONTHLY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class KeyLimitsTest {

  private static final Instant NOW = Instant.parse("2026-03-03T12:00:00Z");
  private static final Instant MIDNIGHT = Instant.parse("2026-03-04T00:00:00Z");

  private static KeyLimits daily(LimitType type, long max, long current) {
    return KeyLimits.of(List.of(new KeyLimit(type, DAILY, max, current, MIDNIGHT)));
  }

  private static Reservation admitted(Admission admission) {
    assertThat(admission).isInstanceOf(Admission.Admitted.class);
    return ((Admission.Admitted) admission).reservation();
  }

  private static Admission.Refused refused(Admission admission) {
    assertThat(admission).isInstanceOf(Admission.Refused.class);
    return (Admission.Refused) admission;
  }

  private static long current(KeyLimits limits, LimitType type, Instant now) {
    return limits.limits(now).stream()
        .filter(limit -> limit.type() == type)
        .findFirst()
        .orElseThrow()
        .currentValue();
  }

  @Test
  void aKeyWithoutLimitsAdmitsEveryRequest() {
    Reservation reservation = admitted(KeyLimits.none().reserve(new Usage(9, 9, 9), NOW));

    assertThat(reservation.settle(new Usage(1, 1, 1), NOW)).isTrue();
  }

  @Test
  void aUsedUpLimitRefusesWithTheGuidesMessageAndRetryAfter() {
    Admission.Refused refusal =
        refused(daily(TOTAL_TOKENS, 1_000_000, 1_000_000).reserve(Usage.NONE, NOW));

    assertThat(refusal.message()).isEqualTo("API key total_tokens daily limit exceeded");
    assertThat(refusal.type()).isEqualTo(TOTAL_TOKENS);
    assertThat(refusal.window()).isEqualTo(DAILY);
    assertThat(refusal.resetAt()).isEqualTo(MIDNIGHT);
    assertThat(refusal.retryAfterSeconds()).isEqualTo(43_200);
  }

  @Test
  void everyTypeRefusesOnceItsCountReachesItsMaximum() {
    for (LimitType type : LimitType.values()) {
      assertThat(refused(daily(type, 10, 10).reserve(Usage.NONE, NOW)).message())
          .isEqualTo("API key " + type.wireName() + " daily limit exceeded");
      assertThat(refused(daily(type, 10, 11).reserve(Usage.NONE, NOW)).type()).isEqualTo(type);
      assertThat(daily(type, 10, 9).reserve(Usage.NONE, NOW))
          .isInstanceOf(Admission.Admitted.class);
    }
  }

  @Test
  void aLimitWithMaximumZeroRefusesEverything() {
    assertThat(refused(daily(REQUESTS, 0, 0).reserve(Usage.NONE, NOW)).type()).isEqualTo(REQUESTS);
  }

  @Test
  void retryAfterRoundsPartSecondsUp() {
    Instant halfSecondLater = NOW.plusMillis(500);

    assertThat(
            refused(daily(TOTAL_TOKENS, 1, 1).reserve(Usage.NONE, halfSecondLater))
                .retryAfterSeconds())
        .isEqualTo(43_200);
    assertThat(
            refused(daily(TOTAL_TOKENS, 1, 1).reserve(Usage.NONE, MIDNIGHT.minusNanos(1)))
                .retryAfterSeconds())
        .isEqualTo(1);
  }

  @Test
  void whenSeveralLimitsAreUsedUpTheOneResettingLastIsNamed() {
    KeyLimits limits =
        KeyLimits.of(
            List.of(
                new KeyLimit(TOTAL_TOKENS, DAILY, 10, 10, MIDNIGHT),
                new KeyLimit(REQUESTS, MONTHLY, 5, 5, Instant.parse("2026-04-01T00:00:00Z")),
                new KeyLimit(INPUT_TOKENS, HOURLY, 10, 0, Instant.parse("2026-03-03T13:00:00Z"))));

    Admission.Refused refusal = refused(limits.reserve(Usage.NONE, NOW));

    assertThat(refusal.message()).isEqualTo("API key requests monthly limit exceeded");
    assertThat(refusal.retryAfterSeconds()).isEqualTo(28L * 86_400 + 43_200);
  }

  @Test
  void aReservationCountsAtOnceSoTheNextRequestSeesIt() {
    KeyLimits limits = daily(TOTAL_TOKENS, 100, 0);

    admitted(limits.reserve(new Usage(60, 40, 0), NOW));

    assertThat(current(limits, TOTAL_TOKENS, NOW)).isEqualTo(100);
    assertThat(refused(limits.reserve(Usage.NONE, NOW)).type()).isEqualTo(TOTAL_TOKENS);
  }

  @Test
  void aReservationTakesAtMostWhatTheLimitHasLeft() {
    KeyLimits limits = daily(TOTAL_TOKENS, 100, 90);

    Reservation reservation = admitted(limits.reserve(new Usage(500, 500, 0), NOW));
    assertThat(current(limits, TOTAL_TOKENS, NOW)).isEqualTo(100);

    reservation.release(NOW);
    assertThat(current(limits, TOTAL_TOKENS, NOW)).isEqualTo(90);
  }

  @Test
  void settlingReplacesTheEstimateWithTheActualUsage() {
    KeyLimits limits =
        KeyLimits.of(
            List.of(
                new KeyLimit(TOTAL_TOKENS, DAILY, 1_000, 0, MIDNIGHT),
                new KeyLimit(INPUT_TOKENS, DAILY, 1_000, 0, MIDNIGHT),
                new KeyLimit(OUTPUT_TOKENS, DAILY, 1_000, 0, MIDNIGHT),
                new KeyLimit(COST_USD, DAILY, 1_000, 0, MIDNIGHT),
                new KeyLimit(REQUESTS, DAILY, 1_000, 0, MIDNIGHT)));
    Reservation reservation = admitted(limits.reserve(new Usage(200, 100, 50), NOW));

    assertThat(reservation.settle(new Usage(30, 300, 7), NOW.plusSeconds(1))).isTrue();

    assertThat(limits.limits(NOW))
        .extracting(KeyLimit::currentValue)
        .containsExactly(330L, 30L, 300L, 7L, 1L);
  }

  @Test
  void settlingCanGoPastTheMaximumButThenRefuses() {
    KeyLimits limits = daily(OUTPUT_TOKENS, 100, 0);
    Reservation reservation = admitted(limits.reserve(new Usage(0, 10, 0), NOW));

    reservation.settle(new Usage(0, 250, 0), NOW);

    assertThat(current(limits, OUTPUT_TOKENS, NOW)).isEqualTo(250);
    assertThat(limits.reserve(Usage.NONE, NOW)).isInstanceOf(Admission.Refused.class);
  }

  @Test
  void releasingGivesTheWholeReservationBack() {
    KeyLimits limits = daily(REQUESTS, 3, 2);
    Reservation reservation = admitted(limits.reserve(Usage.NONE, NOW));
    assertThat(limits.reserve(Usage.NONE, NOW)).isInstanceOf(Admission.Refused.class);

    assertThat(reservation.release(NOW)).isTrue();

    assertThat(current(limits, REQUESTS, NOW)).isEqualTo(2);
    assertThat(limits.reserve(Usage.NONE, NOW)).isInstanceOf(Admission.Admitted.class);
  }

  @Test
  void aReservationEndsOnceAndLaterCallsAreNoOps() {
    KeyLimits limits = daily(TOTAL_TOKENS, 1_000, 0);
    Reservation reservation = admitted(limits.reserve(new Usage(10, 10, 0), NOW));

    assertThat(reservation.settle(new Usage(5, 5, 0), NOW)).isTrue();
    assertThat(reservation.settle(new Usage(5, 5, 0), NOW)).isFalse();
    assertThat(reservation.release(NOW)).isFalse();

    assertThat(reservation.ended()).isTrue();
    assertThat(current(limits, TOTAL_TOKENS, NOW)).isEqualTo(10);
  }

  @Test
  void aReleasedReservationCannotBeSettledAfterwards() {
    KeyLimits limits = daily(TOTAL_TOKENS, 1_000, 0);
    Reservation reservation = admitted(limits.reserve(new Usage(10, 10, 0), NOW));

    assertThat(reservation.release(NOW)).isTrue();
    assertThat(reservation.settle(new Usage(5, 5, 0), NOW)).isFalse();

    assertThat(current(limits, TOTAL_TOKENS, NOW)).isZero();
  }

  @Test
  void aUsedUpLimitAdmitsAgainExactlyAtItsReset() {
    KeyLimits limits = daily(TOTAL_TOKENS, 10, 10);

    assertThat(limits.reserve(Usage.NONE, MIDNIGHT.minusNanos(1)))
        .isInstanceOf(Admission.Refused.class);
    assertThat(limits.reserve(Usage.NONE, MIDNIGHT)).isInstanceOf(Admission.Admitted.class);
    assertThat(limits.limits(MIDNIGHT))
        .containsExactly(
            new KeyLimit(TOTAL_TOKENS, DAILY, 10, 0, Instant.parse("2026-03-05T00:00:00Z")));
  }

  @Test
  void aStoredLimitWhoseWindowPassedLongAgoStartsFromZeroInTheCurrentWindow() {
    KeyLimits limits =
        KeyLimits.of(
            List.of(
                new KeyLimit(TOTAL_TOKENS, DAILY, 10, 10, Instant.parse("2025-01-01T00:00:00Z"))));

    assertThat(limits.limits(NOW))
        .containsExactly(new KeyLimit(TOTAL_TOKENS, DAILY, 10, 0, MIDNIGHT));
  }

  @Test
  void aReservationSettledAfterItsWindowCountsItsActualUsageInTheNewWindow() {
    KeyLimits limits = daily(TOTAL_TOKENS, 1_000, 0);
    Reservation reservation = admitted(limits.reserve(new Usage(100, 100, 0), NOW));

    reservation.settle(new Usage(30, 20, 0), MIDNIGHT.plusSeconds(5));

    assertThat(current(limits, TOTAL_TOKENS, MIDNIGHT.plusSeconds(5))).isEqualTo(50);
  }

  @Test
  void aReservationReleasedAfterItsWindowGivesNothingBackToTheNewWindow() {
    KeyLimits limits = daily(TOTAL_TOKENS, 1_000, 0);
    Reservation held = admitted(limits.reserve(new Usage(100, 100, 0), NOW));
    admitted(limits.reserve(new Usage(5, 5, 0), MIDNIGHT.plusSeconds(1)));

    held.release(MIDNIGHT.plusSeconds(2));

    assertThat(current(limits, TOTAL_TOKENS, MIDNIGHT.plusSeconds(2))).isEqualTo(10);
  }

  @Test
  void raisingTheMaximumAdmitsAtOnceAndLoweringItRefusesAtOnce() {
    KeyLimits limits = daily(TOTAL_TOKENS, 100, 100);

    assertThat(limits.changeMaxValue(TOTAL_TOKENS, DAILY, 200)).isTrue();
    assertThat(limits.reserve(Usage.NONE, NOW)).isInstanceOf(Admission.Admitted.class);
    assertThat(limits.changeMaxValue(TOTAL_TOKENS, DAILY, 50)).isTrue();
    assertThat(limits.reserve(Usage.NONE, NOW)).isInstanceOf(Admission.Refused.class);
    assertThat(limits.changeMaxValue(TOTAL_TOKENS, HOURLY, 50)).isFalse();
    assertThat(current(limits, TOTAL_TOKENS, NOW)).isEqualTo(100);
  }

  @Test
  void aNegativeMaximumIsAProgrammingError() {
    assertThatThrownBy(() -> daily(TOTAL_TOKENS, 1, 0).changeMaxValue(TOTAL_TOKENS, DAILY, -1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxValue: -1 (expected: >= 0)");
  }

  @Test
  void limitsCanBeAddedOncePerTypeAndWindowAndRemoved() {
    KeyLimits limits = KeyLimits.none();

    assertThat(limits.addLimit(REQUESTS, HOURLY, 1, NOW)).isTrue();
    assertThat(limits.addLimit(REQUESTS, HOURLY, 5, NOW)).isFalse();
    assertThat(limits.addLimit(REQUESTS, DAILY, 5, NOW)).isTrue();
    assertThat(limits.limits(NOW))
        .containsExactly(
            new KeyLimit(REQUESTS, HOURLY, 1, 0, Instant.parse("2026-03-03T13:00:00Z")),
            new KeyLimit(REQUESTS, DAILY, 5, 0, MIDNIGHT));

    admitted(limits.reserve(Usage.NONE, NOW));
    assertThat(refused(limits.reserve(Usage.NONE, NOW)).window()).isEqualTo(HOURLY);

    assertThat(limits.removeLimit(REQUESTS, HOURLY)).isTrue();
    assertThat(limits.removeLimit(REQUESTS, HOURLY)).isFalse();
    assertThat(limits.reserve(Usage.NONE, NOW)).isInstanceOf(Admission.Admitted.class);
  }

  @Test
  void aReservationDoesNotCountAgainstALimitAddedAfterIt() {
    KeyLimits limits = daily(REQUESTS, 10, 0);
    Reservation reservation = admitted(limits.reserve(Usage.NONE, NOW));
    limits.addLimit(TOTAL_TOKENS, DAILY, 1_000, NOW);

    reservation.settle(new Usage(10, 10, 0), NOW);

    assertThat(current(limits, TOTAL_TOKENS, NOW)).isZero();
    assertThat(current(limits, REQUESTS, NOW)).isEqualTo(1);
  }

  @Test
  void resettingUsageZeroesEveryCountAtOnce() {
    KeyLimits limits =
        KeyLimits.of(
            List.of(
                new KeyLimit(TOTAL_TOKENS, DAILY, 10, 10, MIDNIGHT),
                new KeyLimit(COST_USD, MONTHLY, 10, 4, Instant.parse("2026-04-01T00:00:00Z"))));

    limits.resetUsage(NOW);

    assertThat(limits.limits(NOW)).extracting(KeyLimit::currentValue).containsExactly(0L, 0L);
    assertThat(limits.reserve(Usage.NONE, NOW)).isInstanceOf(Admission.Admitted.class);
  }

  @Test
  void aRequestInFlightDuringAResetCountsOnlyItsActualUsageAfterIt() {
    KeyLimits limits = daily(TOTAL_TOKENS, 1_000, 0);
    Reservation settled = admitted(limits.reserve(new Usage(100, 100, 0), NOW));
    Reservation released = admitted(limits.reserve(new Usage(100, 100, 0), NOW));

    limits.resetUsage(NOW);
    settled.settle(new Usage(3, 4, 0), NOW);
    released.release(NOW);

    assertThat(current(limits, TOTAL_TOKENS, NOW)).isEqualTo(7);
  }

  @Test
  void twoLimitsOfTheSameTypeAndWindowAreRejected() {
    assertThatThrownBy(
            () ->
                KeyLimits.of(
                    List.of(
                        new KeyLimit(REQUESTS, DAILY, 1, 0, MIDNIGHT),
                        new KeyLimit(REQUESTS, DAILY, 2, 0, MIDNIGHT))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "limits: two requests daily limits (expected: at most one per type and window)");
  }

  @Test
  void nearALimitOneRequestAtATimeIsAdmittedAndTheOthersAreToldToRetryShortly() {
    // The case: 50 requests at once on total_tokens:daily:10000, each using 5,000.
    KeyLimits limits = daily(TOTAL_TOKENS, 10_000, 0);
    Usage estimate = new Usage(12, 2_048, 0);
    Usage ceiling = new Usage(40, 128_000, 0);
    List<Reservation> admitted = new java.util.ArrayList<>();
    for (int i = 0; i < 50; i++) {
      Admission admission = limits.reserve(estimate, ceiling, NOW);
      if (admission instanceof Admission.Admitted a) {
        admitted.add(a.reservation());
      } else {
        Admission.Refused refusal = refused(admission);
        assertThat(refusal.reason()).isEqualTo(Admission.Refused.Reason.BUSY);
        assertThat(refusal.retryAfterSeconds()).isEqualTo(1);
        assertThat(refusal.message())
            .isEqualTo(
                "API key total_tokens daily limit is nearly used up and another request on it is"
                    + " in flight");
      }
    }
    assertThat(admitted).hasSize(1);

    admitted.get(0).settle(new Usage(1_000, 4_000, 0), NOW);
    admitted(limits.reserve(estimate, ceiling, NOW)).settle(new Usage(1_000, 4_000, 0), NOW);

    assertThat(current(limits, TOTAL_TOKENS, NOW)).isEqualTo(10_000);
    assertThat(refused(limits.reserve(estimate, ceiling, NOW)).reason())
        .isEqualTo(Admission.Refused.Reason.USED_UP);
  }

  @Test
  void farFromALimitRequestsAreAdmittedTogetherUntilTheirCeilingsNoLongerFit() {
    KeyLimits limits = daily(TOTAL_TOKENS, 1_000, 100);
    Usage estimate = new Usage(10, 10, 0);
    Usage ceiling = new Usage(100, 200, 0);

    // 100 settled + 3 ceilings of 300 fit under 1,000; a fourth does not, with others in flight.
    List<Reservation> open = new java.util.ArrayList<>();
    for (int i = 0; i < 3; i++) {
      open.add(admitted(limits.reserve(estimate, ceiling, NOW)));
    }
    Admission.Refused refusal = refused(limits.reserve(estimate, ceiling, NOW));
    assertThat(current(limits, TOTAL_TOKENS, NOW)).isEqualTo(160);
    open.get(0).release(NOW);

    assertThat(refusal.reason()).isEqualTo(Admission.Refused.Reason.BUSY);
    assertThat(limits.reserve(estimate, ceiling, NOW)).isInstanceOf(Admission.Admitted.class);
  }

  @Test
  void requestsInFlightAcrossAResetStillCountAgainstTheNewWindowsRoom() {
    KeyLimits limits = daily(TOTAL_TOKENS, 1_000, 0);
    Reservation straddling =
        admitted(limits.reserve(new Usage(10, 10, 0), new Usage(0, 900, 0), NOW));

    // After midnight the count is 0, but the request in flight will count its usage there.
    Admission busy = limits.reserve(new Usage(10, 10, 0), new Usage(0, 200, 0), MIDNIGHT);
    straddling.settle(new Usage(0, 900, 0), MIDNIGHT);
    Admission afterwards = limits.reserve(new Usage(10, 10, 0), new Usage(0, 100, 0), MIDNIGHT);

    assertThat(refused(busy).reason()).isEqualTo(Admission.Refused.Reason.BUSY);
    assertThat(afterwards).isInstanceOf(Admission.Admitted.class);
    assertThat(current(limits, TOTAL_TOKENS, MIDNIGHT)).isEqualTo(920);
  }
}
