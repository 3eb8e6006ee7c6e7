package io.codexlb.domain.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ReadinessReportTest {

  @Test
  void readyWhenEveryCheckPassed() {
    ReadinessReport report =
        ReadinessReport.of(Map.of("store", CheckResult.pass(), "upstream", CheckResult.pass()));

    assertThat(report.ready()).isTrue();
    assertThat(report.failures()).isEmpty();
  }

  @Test
  void notReadyWhenOneCheckFailed() {
    ReadinessReport report =
        ReadinessReport.of(
            Map.of(
                "upstream", CheckResult.pass(), "store", CheckResult.fail("connection refused")));

    assertThat(report.ready()).isFalse();
    assertThat(report.failures())
        .containsExactly(Map.entry("store", new CheckResult.Failed("connection refused")));
  }

  @Test
  void readyWithoutChecks() {
    assertThat(ReadinessReport.of(Map.of()).ready()).isTrue();
  }

  @Test
  void checksAreKeptInNameOrderAndCannotBeChanged() {
    ReadinessReport report =
        ReadinessReport.of(Map.of("b", CheckResult.pass(), "a", CheckResult.fail("down")));

    assertThat(report.checks().keySet()).containsExactly("a", "b");
    assertThatThrownBy(() -> report.checks().put("c", CheckResult.pass()))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void failureNeedsAReason() {
    assertThatThrownBy(() -> CheckResult.fail(" "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("reason");
  }
}
