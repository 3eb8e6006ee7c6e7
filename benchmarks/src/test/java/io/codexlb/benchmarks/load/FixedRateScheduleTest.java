package io.codexlb.benchmarks.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class FixedRateScheduleTest {

  private static final long START = 5_000_000_000L;

  @Test
  void requestsAreDueEvenlyFromTheStart() {
    FixedRateSchedule schedule = new FixedRateSchedule(START, 1000);

    assertThat(schedule.dueAt(0)).isEqualTo(START);
    assertThat(schedule.dueAt(1)).isEqualTo(START + 1_000_000);
    assertThat(schedule.dueAt(999)).isEqualTo(START + 999_000_000);
    assertThat(schedule.dueAt(1000)).isEqualTo(START + 1_000_000_000);
  }

  @Test
  void aRateThatDoesNotDivideASecondNeverDrifts() {
    FixedRateSchedule schedule = new FixedRateSchedule(START, 3);

    assertThat(schedule.dueAt(1)).isEqualTo(START + 333_333_333);
    assertThat(schedule.dueAt(2)).isEqualTo(START + 666_666_666);
    // After an hour of requests the schedule is still exactly on the second.
    assertThat(schedule.dueAt(3 * 3600)).isEqualTo(START + 3600 * 1_000_000_000L);
  }

  @Test
  void nothingIsDueBeforeTheStart() {
    FixedRateSchedule schedule = new FixedRateSchedule(START, 1000);

    assertThat(schedule.dueBy(START - 1)).isZero();
    assertThat(schedule.dueBy(START)).isEqualTo(1);
  }

  @Test
  void dueByCountsExactlyTheRequestsDueAtOrBeforeNow() {
    for (int rate : new int[] {1, 3, 7, 1000, 1001, 65_537}) {
      FixedRateSchedule schedule = new FixedRateSchedule(START, rate);
      for (long now = START; now < START + 3_000_000_000L; now += 9_999_991) {
        long due = schedule.dueBy(now);
        assertThat(schedule.dueAt(due - 1)).as("rate %d at %d", rate, now).isLessThanOrEqualTo(now);
        assertThat(schedule.dueAt(due)).as("rate %d at %d", rate, now).isGreaterThan(now);
      }
    }
  }

  @Test
  void aLateSchedulerFindsEveryMissedRequestDueAtOnce() {
    FixedRateSchedule schedule = new FixedRateSchedule(START, 1000);

    // A 50 ms stall: the 50 requests it covered are all due when the thread wakes up.
    assertThat(schedule.dueBy(START + 50_000_000)).isEqualTo(51);
  }

  @Test
  void aRunSendsRateTimesSeconds() {
    assertThat(new FixedRateSchedule(START, 1000).countFor(30)).isEqualTo(30_000);
  }

  @Test
  void refusesARateThatIsNotPositive() {
    assertThatThrownBy(() -> new FixedRateSchedule(START, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("perSecond: 0 (expected: > 0)");
  }
}
