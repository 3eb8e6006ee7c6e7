package io.codexlb.port.out;

import static java.util.Objects.requireNonNull;

import io.codexlb.domain.health.CheckResult;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicReference;

/**
 * In-memory {@link ReadinessProbe} whose dependency a test switches between up and down. Test
 * controls live here on the fake, never on the port.
 */
public final class FakeReadinessProbe implements ReadinessProbe {

  private final String checkName;
  private final AtomicReference<CheckResult> current = new AtomicReference<>(CheckResult.pass());

  public FakeReadinessProbe(String checkName) {
    this.checkName = requireNonNull(checkName, "checkName");
  }

  /** Makes the next checks pass. */
  public void up() {
    current.set(CheckResult.pass());
  }

  /** Makes the next checks fail with the given reason. */
  public void down(String reason) {
    current.set(CheckResult.fail(reason));
  }

  @Override
  public String checkName() {
    return checkName;
  }

  @Override
  public CompletionStage<CheckResult> check() {
    return CompletableFuture.completedFuture(current.get());
  }
}
