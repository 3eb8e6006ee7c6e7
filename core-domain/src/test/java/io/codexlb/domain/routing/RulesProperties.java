package io.codexlb.domain.routing;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/** The arithmetic shortcuts of the hot loop agree with the plain arithmetic. */
class RulesProperties {

  @Property
  void wholeDaysIsIntegerDivisionByADay(@ForAll @LongRange(min = 1, max = 1L << 50) long seconds) {
    assertThat(Rules.wholeDays(seconds)).isEqualTo(seconds / 86_400);
  }

  @Property
  void wholeDaysIsExactAtEveryDayBoundary(
      @ForAll @IntRange(min = 1, max = 100_000) int days,
      @ForAll @IntRange(min = -1, max = 0) int off) {
    long seconds = days * 86_400L + off;
    assertThat(Rules.wholeDays(seconds)).isEqualTo(seconds / 86_400);
  }
}
