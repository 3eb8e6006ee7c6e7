package io.codexlb.domain.health;

import static java.util.Objects.requireNonNull;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The readiness of a running instance: the result of every named check. The instance is ready only
 * when every check passed; with no checks at all it is ready, since nothing it needs is missing.
 *
 * @param checks results by check name, in name order
 */
public record ReadinessReport(SortedMap<String, CheckResult> checks) {

  public ReadinessReport {
    requireNonNull(checks, "checks");
    checks = Collections.unmodifiableSortedMap(new TreeMap<>(checks));
  }

  /** A report over the given results, keyed by check name. */
  public static ReadinessReport of(Map<String, CheckResult> checks) {
    return new ReadinessReport(new TreeMap<>(requireNonNull(checks, "checks")));
  }

  /** Whether every check passed. */
  public boolean ready() {
    return checks.values().stream().allMatch(CheckResult::passed);
  }

  /** The checks that failed, by name, in name order. */
  public Map<String, CheckResult.Failed> failures() {
    Map<String, CheckResult.Failed> failures = new LinkedHashMap<>();
    checks.forEach(
        (name, result) -> {
          if (result instanceof CheckResult.Failed failed) {
            failures.put(name, failed);
          }
        });
    return Collections.unmodifiableMap(failures);
  }
}
