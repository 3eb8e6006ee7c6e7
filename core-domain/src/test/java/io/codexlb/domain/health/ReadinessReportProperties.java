package io.codexlb.domain.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.AlphaChars;
import net.jqwik.api.constraints.StringLength;

/** Invariants of a readiness report over any set of check outcomes. */
class ReadinessReportProperties {

  @Property
  void readyExactlyWhenNoCheckFailed(
      @ForAll Map<@AlphaChars @StringLength(min = 1, max = 8) String, Boolean> outcomes) {
    Map<String, CheckResult> checks = new HashMap<>();
    outcomes.forEach(
        (name, passed) -> checks.put(name, passed ? CheckResult.pass() : CheckResult.fail("down")));

    ReadinessReport report = ReadinessReport.of(checks);

    assertThat(report.ready()).isEqualTo(!outcomes.containsValue(false));
    assertThat(report.failures().keySet())
        .containsExactlyInAnyOrderElementsOf(
            outcomes.entrySet().stream()
                .filter(e -> !e.getValue())
                .map(Map.Entry::getKey)
                .toList());
  }
}
