package io.codexlb.domain.limit;

import static org.assertj.core.api.Assertions.assertThat;

import io.codexlb.domain.pricing.PriceTable;
import io.codexlb.domain.pricing.TokenUsage;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LimitWindowTest {

  private static Instant at(String text) {
    return Instant.parse(text);
  }

  @ParameterizedTest(name = "{0} at {1}: [{2}, {3})")
  @CsvSource({
    // the guide's example: a daily limit resets at the next 00:00:00Z
    "daily,   2026-03-03T12:00:00Z,           2026-03-03T00:00:00Z, 2026-03-04T00:00:00Z",
    "daily,   2026-03-03T00:00:00Z,           2026-03-03T00:00:00Z, 2026-03-04T00:00:00Z",
    "daily,   2026-03-03T23:59:59.999999999Z, 2026-03-03T00:00:00Z, 2026-03-04T00:00:00Z",
    "daily,   2026-12-31T18:00:00Z,           2026-12-31T00:00:00Z, 2027-01-01T00:00:00Z",
    // leap day
    "daily,   2028-02-28T12:00:00Z,           2028-02-28T00:00:00Z, 2028-02-29T00:00:00Z",
    "daily,   2028-02-29T12:00:00Z,           2028-02-29T00:00:00Z, 2028-03-01T00:00:00Z",
    // weeks start on Monday: 2026-03-02 is a Monday, 2026-03-01 a Sunday
    "weekly,  2026-03-01T23:59:59Z,           2026-02-23T00:00:00Z, 2026-03-02T00:00:00Z",
    "weekly,  2026-03-02T00:00:00Z,           2026-03-02T00:00:00Z, 2026-03-09T00:00:00Z",
    "weekly,  2026-03-04T12:00:00Z,           2026-03-02T00:00:00Z, 2026-03-09T00:00:00Z",
    "weekly,  2026-12-31T12:00:00Z,           2026-12-28T00:00:00Z, 2027-01-04T00:00:00Z",
    // weeks across a leap day: 2028-02-28 is a Monday
    "weekly,  2028-03-01T00:00:00Z,           2028-02-28T00:00:00Z, 2028-03-06T00:00:00Z",
    // month ends of every length
    "monthly, 2026-01-31T23:59:59Z,           2026-01-01T00:00:00Z, 2026-02-01T00:00:00Z",
    "monthly, 2026-02-28T12:00:00Z,           2026-02-01T00:00:00Z, 2026-03-01T00:00:00Z",
    "monthly, 2028-02-29T12:00:00Z,           2028-02-01T00:00:00Z, 2028-03-01T00:00:00Z",
    "monthly, 2026-04-30T23:59:59Z,           2026-04-01T00:00:00Z, 2026-05-01T00:00:00Z",
    "monthly, 2026-12-15T00:00:00Z,           2026-12-01T00:00:00Z, 2027-01-01T00:00:00Z",
    "monthly, 2026-03-01T00:00:00Z,           2026-03-01T00:00:00Z, 2026-04-01T00:00:00Z",
    // fixed windows are aligned to the epoch
    "minute,  2026-03-03T12:34:56.789Z,       2026-03-03T12:34:00Z, 2026-03-03T12:35:00Z",
    "minute,  2026-03-03T12:35:00Z,           2026-03-03T12:35:00Z, 2026-03-03T12:36:00Z",
    "hourly,  2026-03-03T12:34:56Z,           2026-03-03T12:00:00Z, 2026-03-03T13:00:00Z",
    "hourly,  2026-03-03T23:59:59Z,           2026-03-03T23:00:00Z, 2026-03-04T00:00:00Z",
    "5h,      1970-01-01T04:59:59Z,           1970-01-01T00:00:00Z, 1970-01-01T05:00:00Z",
    "5h,      1970-01-01T05:00:00Z,           1970-01-01T05:00:00Z, 1970-01-01T10:00:00Z",
    "5h,      2026-03-03T12:00:00Z,           2026-03-03T10:00:00Z, 2026-03-03T15:00:00Z",
    "5h,      1969-12-31T23:00:00Z,           1969-12-31T19:00:00Z, 1970-01-01T00:00:00Z",
  })
  void windowsStartAndResetAtTheirBoundaries(
      String window, String instant, String start, String reset) {
    LimitWindow w = LimitWindow.fromWireName(window).orElseThrow();

    assertThat(w.startOf(at(instant))).isEqualTo(at(start));
    assertThat(w.resetAfter(at(instant))).isEqualTo(at(reset));
  }

  @Test
  void wireNamesAreTheDocumentedOnes() {
    assertThat(LimitWindow.values())
        .extracting(LimitWindow::wireName)
        .containsExactly("minute", "hourly", "5h", "daily", "weekly", "monthly");
    assertThat(LimitType.values())
        .extracting(LimitType::wireName)
        .containsExactly("total_tokens", "input_tokens", "output_tokens", "cost_usd", "requests");
  }

  @Test
  void unknownWireNamesAreEmptyNotErrors() {
    assertThat(LimitWindow.fromWireName("7d")).isEqualTo(Optional.empty());
    assertThat(LimitWindow.fromWireName("Daily")).isEqualTo(Optional.empty());
    assertThat(LimitType.fromWireName("credits")).isEqualTo(Optional.empty());
    assertThat(LimitType.fromWireName("cost_usd")).contains(LimitType.COST_USD);
  }

  @Test
  void aPricedUsageCountsAllInputAndOutputTokensAndTheirCost() {
    Usage usage = Usage.priced("gpt-5", new TokenUsage(1_000, 800, 100), PriceTable.defaults());

    // 200 x $1.25/M + 800 x $0.125/M + 100 x $10/M = 250 + 100 + 1000 micro-dollars
    assertThat(usage).isEqualTo(new Usage(1_000, 100, 1_350));
  }

  @Test
  void eachTypeCountsItsPartOfAUsage() {
    Usage usage = new Usage(100, 20, 7);

    assertThat(LimitType.TOTAL_TOKENS.amountOf(usage)).isEqualTo(120);
    assertThat(LimitType.INPUT_TOKENS.amountOf(usage)).isEqualTo(100);
    assertThat(LimitType.OUTPUT_TOKENS.amountOf(usage)).isEqualTo(20);
    assertThat(LimitType.COST_USD.amountOf(usage)).isEqualTo(7);
    assertThat(LimitType.REQUESTS.amountOf(usage)).isEqualTo(1);
    assertThat(LimitType.TOTAL_TOKENS.amountOf(new Usage(Long.MAX_VALUE, 1, 0)))
        .isEqualTo(Long.MAX_VALUE);
  }
}
