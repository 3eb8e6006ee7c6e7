package io.codexlb.domain.limit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;

/** Every window contains its instant and rolls exactly at its boundary. */
class LimitWindowProperties {

  /** 1900-01-01 to 2200-01-01, in seconds since the epoch. */
  private static final long FROM = -2_208_988_800L;

  private static final long TO = 7_258_118_400L;

  @Property
  void aWindowContainsTheInstantItIsComputedFor(
      @ForAll LimitWindow window,
      @ForAll @LongRange(min = FROM, max = TO) long seconds,
      @ForAll @LongRange(min = 0, max = 999_999_999) long nanos) {
    Instant at = Instant.ofEpochSecond(seconds, nanos);

    assertThat(window.startOf(at)).isBeforeOrEqualTo(at);
    assertThat(window.resetAfter(at)).isAfter(at);
  }

  @Property
  void theWindowRollsExactlyAtItsReset(
      @ForAll LimitWindow window, @ForAll @LongRange(min = FROM, max = TO) long seconds) {
    Instant reset = window.resetAfter(Instant.ofEpochSecond(seconds));
    Instant lastInstant = reset.minusNanos(1);

    assertThat(window.resetAfter(lastInstant)).isEqualTo(reset);
    assertThat(window.startOf(reset)).isEqualTo(reset);
    assertThat(window.startOf(lastInstant))
        .isEqualTo(window.startOf(Instant.ofEpochSecond(seconds)));
  }

  @Property
  void calendarWindowsStartAtUtcMidnightOnTheirFirstDay(
      @ForAll @LongRange(min = FROM, max = TO) long seconds) {
    Instant at = Instant.ofEpochSecond(seconds);
    ZonedDateTime day = LimitWindow.DAILY.startOf(at).atZone(ZoneOffset.UTC);
    ZonedDateTime week = LimitWindow.WEEKLY.startOf(at).atZone(ZoneOffset.UTC);
    ZonedDateTime month = LimitWindow.MONTHLY.startOf(at).atZone(ZoneOffset.UTC);

    assertThat(day.toLocalTime().toSecondOfDay()).isZero();
    assertThat(day.toLocalDate()).isEqualTo(at.atZone(ZoneOffset.UTC).toLocalDate());
    assertThat(week.toLocalTime().toSecondOfDay()).isZero();
    assertThat(week.getDayOfWeek()).isEqualTo(DayOfWeek.MONDAY);
    assertThat(week.plusWeeks(1).toInstant()).isAfter(at);
    assertThat(month.toLocalTime().toSecondOfDay()).isZero();
    assertThat(month.getDayOfMonth()).isEqualTo(1);
    assertThat(month.getMonth()).isEqualTo(at.atZone(ZoneOffset.UTC).getMonth());
  }

  @Property
  void fixedWindowsStartAtMultiplesOfTheirLengthSinceTheEpoch(
      @ForAll @LongRange(min = FROM, max = TO) long seconds) {
    Instant at = Instant.ofEpochSecond(seconds);

    assertThat(LimitWindow.MINUTE.startOf(at).getEpochSecond() % 60).isZero();
    assertThat(LimitWindow.HOURLY.startOf(at).getEpochSecond() % 3_600).isZero();
    assertThat(LimitWindow.FIVE_HOURS.startOf(at).getEpochSecond() % 18_000).isZero();
    assertThat(LimitWindow.FIVE_HOURS.resetAfter(at).getEpochSecond())
        .isEqualTo(LimitWindow.FIVE_HOURS.startOf(at).getEpochSecond() + 18_000);
  }
}
