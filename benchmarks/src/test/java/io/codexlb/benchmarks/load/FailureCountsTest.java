package io.codexlb.benchmarks.load;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FailureCountsTest {

  @Test
  void noFailuresIsZero() {
    FailureCounts none = new FailureCounts();

    assertThat(none.total()).isZero();
    assertThat(none.describe()).isEqualTo("0");
  }

  @Test
  void failuresAreCountedByStatusInOrderWithResetsFirst() {
    FailureCounts failures = new FailureCounts();
    failures.count(503);
    failures.count(429);
    failures.count(503);
    failures.count(FailureCounts.TRANSPORT);

    assertThat(failures.total()).isEqualTo(4);
    assertThat(failures.describe()).isEqualTo("4 (reset: 1, 429: 1, 503: 2)");
  }

  @Test
  void twoRunsAddUpWithoutChangingEither() {
    FailureCounts first = new FailureCounts();
    first.count(503);
    FailureCounts second = new FailureCounts();
    second.count(503);
    second.count(502);

    FailureCounts both = first.plus(second);

    assertThat(both.describe()).isEqualTo("3 (502: 1, 503: 2)");
    assertThat(first.total()).isEqualTo(1);
    assertThat(second.total()).isEqualTo(2);
  }
}
