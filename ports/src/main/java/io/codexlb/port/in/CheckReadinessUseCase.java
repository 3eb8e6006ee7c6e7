package io.codexlb.port.in;

import io.codexlb.domain.health.ReadinessReport;
import java.util.concurrent.CompletionStage;

/**
 * Tells whether this instance can serve requests: runs every readiness check and reports each
 * outcome by name. Behind {@code GET /health/ready}.
 */
public interface CheckReadinessUseCase {

  /**
   * Runs every check once, concurrently. The stage always completes normally: a check that fails or
   * breaks shows up as a failed entry in the report, never as an exceptional completion.
   */
  CompletionStage<ReadinessReport> checkReadiness();
}
