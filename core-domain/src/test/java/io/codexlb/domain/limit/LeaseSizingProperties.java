package io.codexlb.domain.limit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/** The slicing of {@link LeaseSizing} over random budgets, holders and requests. */
class LeaseSizingProperties {

  @Property
  void aGrantIsZeroOrWithinWhatIsAvailableAndAtLeastTheMinimum(
      @ForAll @LongRange(min = -1_000, max = 10_000_000) long available,
      @ForAll @IntRange(min = 1, max = 16) int holders,
      @ForAll @LongRange(min = 0, max = 1_000) long leasedByOthers,
      @ForAll @LongRange(min = 1, max = 100_000) long minimum,
      @ForAll @LongRange(min = 0, max = 1_000_000) long extra) {
    long granted = LeaseSizing.grant(available, holders, leasedByOthers, minimum, minimum + extra);

    assertThat(granted).isBetween(0L, Math.max(0, available));
    assertThat(granted).isLessThanOrEqualTo(minimum + extra);
    if (available >= minimum) {
      assertThat(granted).isGreaterThanOrEqualTo(minimum);
    } else if (available > 0 && leasedByOthers == 0) {
      assertThat(granted).as("the last request takes the rest").isEqualTo(available);
    } else {
      assertThat(granted).isZero();
    }
  }

  /**
   * Holders taking slices in turn, each settling its whole slice, never count past {@code
   * max_value}; the slices shrink as the budget runs out, and the budget is used up to less than
   * one minimum.
   */
  @Property
  void holdersLeasingInTurnNeverExceedTheBudgetAndSlicesShrink(
      @ForAll @LongRange(min = 1, max = 1_000_000) long max,
      @ForAll @IntRange(min = 1, max = 8) int holders,
      @ForAll @LongRange(min = 1, max = 1_000) long minimum) {
    long used = 0;
    List<Long> slices = new ArrayList<>();
    int turn = 0;
    while (true) {
      long granted = LeaseSizing.grant(max - used, holders, 0, minimum, Long.MAX_VALUE / 4);
      if (granted == 0) {
        break;
      }
      slices.add(granted);
      used += granted;
      assertThat(used).isLessThanOrEqualTo(max);
      turn++;
      assertThat(turn).as("a budget runs out in a bounded number of slices").isLessThan(100_000);
    }
    assertThat(used).isEqualTo(max);
    for (int i = 1; i < slices.size(); i++) {
      assertThat(slices.get(i)).isLessThanOrEqualTo(slices.get(i - 1));
    }
  }
}
