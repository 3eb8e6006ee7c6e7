package io.codexlb.port.out;

import io.codexlb.domain.health.CheckResult;
import java.util.concurrent.CompletionStage;

/**
 * Checks one dependency this instance needs to serve requests, such as the store.
 *
 * <p>Contract: {@link #check()} never blocks the calling thread, completes within a bounded time
 * that the adapter chooses (a dependency that does not answer is a failure, not a hang), and
 * reports a failure as {@link CheckResult#fail(String)} with a reason that names the dependency and
 * contains no secret (no password, no token). Calling it repeatedly is safe and reflects the
 * current state: a dependency that comes back passes again.
 */
public interface ReadinessProbe {

  /** The name the check is reported under, such as {@code store}; stable and non-blank. */
  String checkName();

  /** Checks the dependency now. */
  CompletionStage<CheckResult> check();
}
