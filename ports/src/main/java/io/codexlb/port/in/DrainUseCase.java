package io.codexlb.port.in;

import java.util.concurrent.CompletionStage;

/**
 * Drains this instance, as {@code POST /api/drain} asks: readiness fails at once, new requests are
 * still served for a settle period so that a load balancer notices, then the listeners stop
 * accepting, requests in flight finish within the shutdown grace, and the process exits with 0.
 * Draining twice is harmless: the second call reports the drain already under way.
 */
public interface DrainUseCase {

  /**
   * Starts the drain, or finds it under way, and records who asked in the audit log. The stage
   * completes as soon as the drain has started, long before the process stops.
   */
  CompletionStage<DrainResult> drain(DrainCommand command);
}
