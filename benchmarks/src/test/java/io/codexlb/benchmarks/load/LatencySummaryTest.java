package io.codexlb.benchmarks.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class LatencySummaryTest {

  @Test
  void percentilesOfAUniformSpread() {
    Histogram histogram = LatencySummary.newHistogram();
    for (long micros = 1; micros <= 1000; micros++) {
      LatencySummary.record(histogram, micros * 1000);
    }

    LatencySummary summary = LatencySummary.of(histogram);

    assertThat(summary.count()).isEqualTo(1000);
    // Three significant digits: each value within 0.1 % of the exact one.
    assertThat(summary.p50()).isCloseTo(500_000, within(500L));
    assertThat(summary.p90()).isCloseTo(900_000, within(900L));
    assertThat(summary.p99()).isCloseTo(990_000, within(990L));
    assertThat(summary.p999()).isCloseTo(999_000, within(999L));
    assertThat(summary.max()).isCloseTo(1_000_000, within(1000L));
  }

  @Test
  void anOutlierShowsInTheTailNotTheMedian() {
    Histogram histogram = LatencySummary.newHistogram();
    for (int i = 0; i < 999; i++) {
      LatencySummary.record(histogram, 200_000);
    }
    LatencySummary.record(histogram, 50_000_000);

    LatencySummary summary = LatencySummary.of(histogram);

    assertThat(summary.p99()).isCloseTo(200_000, within(200L));
    assertThat(summary.max()).isCloseTo(50_000_000, within(50_000L));
  }

  @Test
  void valuesOutOfRangeAreClampedInsteadOfThrown() {
    Histogram histogram = LatencySummary.newHistogram();

    LatencySummary.record(histogram, -5);
    LatencySummary.record(histogram, Long.MAX_VALUE);

    LatencySummary summary = LatencySummary.of(histogram);
    assertThat(summary.count()).isEqualTo(2);
    assertThat(summary.p50()).isZero();
    assertThat(summary.max())
        .isCloseTo(LatencySummary.HIGHEST_NANOS, within(LatencySummary.HIGHEST_NANOS / 1000));
  }

  @Test
  void anEmptyHistogramSummarisesAsZeros() {
    assertThat(LatencySummary.of(LatencySummary.newHistogram()))
        .isEqualTo(new LatencySummary(0, 0, 0, 0, 0, 0));
  }

  @Test
  void addedLatencyIsTheDifferenceOfEachPercentile() {
    LatencySummary through = new LatencySummary(10, 700, 900, 2_500, 4_000, 9_000);
    LatencySummary direct = new LatencySummary(12, 400, 500, 1_000, 1_500, 3_000);

    assertThat(through.minus(direct))
        .isEqualTo(new LatencySummary(10, 300, 400, 1_500, 2_500, 6_000));
  }

  @Test
  void millisecondsWithThreeDecimals() {
    assertThat(LatencySummary.millis(412_345)).isEqualTo("0.412");
    assertThat(LatencySummary.millis(-1_500_000)).isEqualTo("-1.500");
  }
}
