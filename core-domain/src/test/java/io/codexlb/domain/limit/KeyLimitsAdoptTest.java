package io.codexlb.domain.limit;

import static io.codexlb.domain.limit.LimitType.INPUT_TOKENS;
import static io.codexlb.domain.limit.LimitType.REQUESTS;
import static io.codexlb.domain.limit.LimitType.TOTAL_TOKENS;
import static io.codexlb.domain.limit.LimitWindow.DAILY;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How a ledger takes the counts another holder (the store, other instances) reports. */
class KeyLimitsAdoptTest {

  private static final Instant NOW = Instant.parse("2026-03-03T12:00:00Z");
  private static final Instant MIDNIGHT = Instant.parse("2026-03-04T00:00:00Z");
  private static final Instant NEXT_MIDNIGHT = Instant.parse("2026-03-05T00:00:00Z");

  private static KeyLimit totalTokens(long max, long current, Instant resetAt) {
    return new KeyLimit(TOTAL_TOKENS, DAILY, max, current, resetAt);
  }

  private static Reservation reserve(KeyLimits ledger, long tokens) {
    Admission admission = ledger.reserve(new Usage(tokens, 0, 0), NOW);
    assertThat(admission).isInstanceOf(Admission.Admitted.class);
    return ((Admission.Admitted) admission).reservation();
  }

  private static KeyLimit only(KeyLimits ledger) {
    List<KeyLimit> limits = ledger.limits(NOW);
    assertThat(limits).hasSize(1);
    return limits.get(0);
  }

  @Test
  void aStoredCountOfTheSameWindowKeepsWhatOpenReservationsHold() {
    KeyLimits ledger = KeyLimits.of(List.of(totalTokens(1_000, 0, MIDNIGHT)));
    Reservation open = reserve(ledger, 10);

    ledger.adopt(List.of(totalTokens(1_000, 100, MIDNIGHT)), NOW);

    assertThat(only(ledger).currentValue()).isEqualTo(110);
    open.release(NOW);
    assertThat(only(ledger).currentValue()).isEqualTo(100);
  }

  @Test
  void settledUsageWrittenThroughIsNotCountedTwice() {
    KeyLimits ledger = KeyLimits.of(List.of(totalTokens(1_000, 0, MIDNIGHT)));
    Reservation first = reserve(ledger, 10);
    Reservation second = reserve(ledger, 20);
    first.settle(new Usage(7, 0, 0), NOW);

    // The store has the first request's actual usage; the second is still open here.
    ledger.adopt(List.of(totalTokens(1_000, 7, MIDNIGHT)), NOW);

    assertThat(only(ledger).currentValue()).isEqualTo(27);
    second.settle(new Usage(5, 0, 0), NOW);
    assertThat(only(ledger).currentValue()).isEqualTo(12);
  }

  @Test
  void anOlderStoredCountNeverLowersTheCount() {
    KeyLimits ledger = KeyLimits.of(List.of(totalTokens(1_000, 0, MIDNIGHT)));
    reserve(ledger, 50).settle(new Usage(50, 0, 0), NOW);

    ledger.adopt(List.of(totalTokens(1_000, 40, MIDNIGHT)), NOW);

    assertThat(only(ledger).currentValue()).isEqualTo(50);
  }

  @Test
  void aStoredLaterWindowRestartsTheCountAndOldReservationsNoLongerCountThere() {
    KeyLimits ledger = KeyLimits.of(List.of(totalTokens(1_000, 900, MIDNIGHT)));
    Reservation open = reserve(ledger, 10);

    // The dashboard's reset, done through another instance, restarted the window.
    ledger.adopt(List.of(totalTokens(1_000, 3, NEXT_MIDNIGHT)), NOW);
    open.release(NOW);

    assertThat(only(ledger).currentValue()).isEqualTo(3);
    assertThat(only(ledger).resetAt()).isEqualTo(NEXT_MIDNIGHT);
  }

  @Test
  void aStoredEarlierWindowIsStaleButItsMaxValueIsTaken() {
    KeyLimits ledger = KeyLimits.of(List.of(totalTokens(1_000, 30, NEXT_MIDNIGHT)));

    ledger.adopt(List.of(totalTokens(500, 999, MIDNIGHT)), NOW);

    assertThat(only(ledger).currentValue()).isEqualTo(30);
    assertThat(only(ledger).maxValue()).isEqualTo(500);
  }

  @Test
  void limitsAddedAndRemovedInTheStoreAreAddedAndRemovedHere() {
    KeyLimits ledger =
        KeyLimits.of(
            List.of(
                totalTokens(1_000, 5, MIDNIGHT), new KeyLimit(REQUESTS, DAILY, 9, 1, MIDNIGHT)));

    ledger.adopt(
        List.of(totalTokens(2_000, 5, MIDNIGHT), new KeyLimit(INPUT_TOKENS, DAILY, 7, 2, MIDNIGHT)),
        NOW);

    assertThat(ledger.limits(NOW))
        .containsExactly(
            new KeyLimit(TOTAL_TOKENS, DAILY, 2_000, 5, MIDNIGHT),
            new KeyLimit(INPUT_TOKENS, DAILY, 7, 2, MIDNIGHT));
  }

  @Test
  void aReachedStoredCountRefusesAtOnce() {
    KeyLimits ledger = KeyLimits.of(List.of(totalTokens(100, 0, MIDNIGHT)));

    ledger.adopt(List.of(totalTokens(100, 100, MIDNIGHT)), NOW);

    assertThat(ledger.reserve(new Usage(1, 0, 0), NOW)).isInstanceOf(Admission.Refused.class);
  }
}
