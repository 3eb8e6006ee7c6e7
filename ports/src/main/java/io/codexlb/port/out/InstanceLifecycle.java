package io.codexlb.port.out;

/**
 * The life of this running instance, as far as the application may steer it: draining.
 *
 * <p>Contract: {@link #drain} never blocks (the drain goes on in the background) and is idempotent:
 * the first call starts the drain and returns its plan with {@code alreadyDraining} false; every
 * later call, from any thread, starts nothing and returns the same plan with {@code
 * alreadyDraining} true and the first call's trigger.
 */
public interface InstanceLifecycle {

  /**
   * Starts draining, or finds the drain under way.
   *
   * @param trigger what asks, for the log and the plan, such as {@code SIGTERM} or {@code admin}
   */
  DrainPlan drain(String trigger);
}
