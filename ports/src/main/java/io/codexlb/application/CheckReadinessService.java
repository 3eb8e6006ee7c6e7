package io.codexlb.application;

import static java.util.Objects.requireNonNull;

import io.codexlb.domain.health.CheckResult;
import io.codexlb.domain.health.ReadinessReport;
import io.codexlb.port.in.CheckReadinessUseCase;
import io.codexlb.port.out.ReadinessProbe;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** Runs every {@link ReadinessProbe} concurrently and folds the outcomes into one report. */
public final class CheckReadinessService implements CheckReadinessUseCase {

  private final List<ReadinessProbe> probes;

  @Inject
  public CheckReadinessService(Set<ReadinessProbe> probes) {
    this.probes = List.copyOf(requireNonNull(probes, "probes"));
  }

  @Override
  public CompletionStage<ReadinessReport> checkReadiness() {
    Map<String, CompletableFuture<CheckResult>> pending = new TreeMap<>();
    for (ReadinessProbe probe : probes) {
      pending.put(probe.checkName(), runSafely(probe));
    }
    return CompletableFuture.allOf(pending.values().toArray(CompletableFuture[]::new))
        .thenApply(
            ignored -> {
              Map<String, CheckResult> results = new TreeMap<>();
              pending.forEach((name, result) -> results.put(name, result.join()));
              return ReadinessReport.of(results);
            });
  }

  /** A probe that throws or completes exceptionally is a failed check, not a failed report. */
  private static CompletableFuture<CheckResult> runSafely(ReadinessProbe probe) {
    CompletionStage<CheckResult> stage;
    try {
      stage = requireNonNull(probe.check(), "check()");
    } catch (RuntimeException e) {
      return CompletableFuture.completedFuture(brokenProbe(probe, e));
    }
    return stage
        .toCompletableFuture()
        .handle((result, error) -> error == null ? result : brokenProbe(probe, error));
  }

  private static CheckResult brokenProbe(ReadinessProbe probe, Throwable error) {
    Throwable cause = error.getCause() != null ? error.getCause() : error;
    return CheckResult.fail(
        probe.checkName() + " check broke: " + cause.getClass().getSimpleName());
  }
}
