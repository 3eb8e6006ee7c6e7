package io.codexlb.application;

import static org.assertj.core.api.Assertions.assertThat;

import io.codexlb.domain.health.CheckResult;
import io.codexlb.domain.health.ReadinessReport;
import io.codexlb.port.out.FakeReadinessProbe;
import io.codexlb.port.out.ReadinessProbe;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;

class CheckReadinessServiceTest {

  @Test
  void reportsEveryProbeByName() {
    FakeReadinessProbe store = new FakeReadinessProbe("store");
    FakeReadinessProbe upstream = new FakeReadinessProbe("upstream");
    store.down("store unreachable");

    ReadinessReport report = check(new CheckReadinessService(Set.of(store, upstream)));

    assertThat(report.ready()).isFalse();
    assertThat(report.checks())
        .containsEntry("store", CheckResult.fail("store unreachable"))
        .containsEntry("upstream", CheckResult.pass());
  }

  @Test
  void reflectsARecoveredDependency() {
    FakeReadinessProbe store = new FakeReadinessProbe("store");
    CheckReadinessService service = new CheckReadinessService(Set.of(store));

    store.down("store unreachable");
    assertThat(check(service).ready()).isFalse();

    store.up();
    assertThat(check(service).ready()).isTrue();
  }

  @Test
  void aProbeThatThrowsIsAFailedCheck() {
    ReadinessProbe throwing =
        probe(
            "store",
            () -> {
              throw new IllegalStateException("boom");
            });

    ReadinessReport report = check(new CheckReadinessService(Set.of(throwing)));

    assertThat(report.failures().get("store").reason())
        .isEqualTo("store check broke: IllegalStateException");
  }

  @Test
  void aProbeThatCompletesExceptionallyIsAFailedCheck() {
    ReadinessProbe failing =
        probe("store", () -> CompletableFuture.failedFuture(new IllegalStateException("boom")));

    ReadinessReport report = check(new CheckReadinessService(Set.of(failing)));

    assertThat(report.failures().get("store").reason())
        .isEqualTo("store check broke: IllegalStateException");
  }

  private static ReadinessReport check(CheckReadinessService service) {
    return service.checkReadiness().toCompletableFuture().join();
  }

  private static ReadinessProbe probe(
      String name, java.util.function.Supplier<CompletionStage<CheckResult>> check) {
    return new ReadinessProbe() {
      @Override
      public String checkName() {
        return name;
      }

      @Override
      public CompletionStage<CheckResult> check() {
        return check.get();
      }
    };
  }
}
