package io.codexlb.domain.upstream;

import static java.util.Objects.requireNonNull;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The circuit breaker on the upstream as a whole: when upstream cannot be reached at all ({@link
 * UpstreamFailure.Unreachable}: refused, DNS, TLS, connect timeout), that is an outage of upstream
 * or of the network to it, and no account is at fault. Sending more requests then only makes
 * clients wait for connect timeouts and, worse, would bench accounts that are fine; so after {@link
 * #FAILURE_THRESHOLD} such failures in a row the breaker opens and requests are refused at once
 * (503 {@code upstream_unavailable} with a short {@code Retry-After}) without touching any account.
 *
 * <p>While open, one request at a time is let through as a probe, the first after {@link
 * #FIRST_OPEN}; a probe that fails again doubles the wait, up to {@link #MAX_OPEN}. Any HTTP answer
 * from upstream, whatever its status (a 429 or a 500 still proves it is reachable), closes the
 * breaker at once. A probe that never reports (its client left, say) does not wedge it: the next
 * probe goes through when the wait has passed again.
 *
 * <p>Time is passed in. Thread-safe: every method holds the breaker's lock, briefly.
 */
public final class UpstreamBreaker {

  /** Consecutive unreachable failures (with no answer in between) that open the breaker. */
  public static final int FAILURE_THRESHOLD = 3;

  /** How long the breaker stays open before its first probe. */
  public static final Duration FIRST_OPEN = Duration.ofSeconds(2);

  /**
   * The longest wait between probes, however long the outage: short, so that requests are served
   * again within seconds of upstream coming back.
   */
  public static final Duration MAX_OPEN = Duration.ofSeconds(16);

  /** What the breaker says about sending one request upstream now. */
  public sealed interface Decision {

    /** Closed: send. */
    record Pass() implements Decision {}

    /** Open, and this request is its probe: send, and report how it went. */
    record Probe() implements Decision {}

    /**
     * Open: do not send; upstream is tried again from {@code retryAt}.
     *
     * @param retryAt when the next probe may go
     */
    record Open(Instant retryAt) implements Decision {
      public Open {
        requireNonNull(retryAt, "retryAt");
      }
    }
  }

  private static final Decision PASS = new Decision.Pass();
  private static final Decision PROBE = new Decision.Probe();

  @GuardedBy("this") private int failures;

  // Present exactly while open: when the next probe may go.
  @GuardedBy("this") private @Nullable Instant probeAt;

  @GuardedBy("this") private Duration openFor = Duration.ZERO;

  // Whether a probe went out since the breaker (re)opened: only its failure lengthens the wait, not
  // those of requests that were already on their way when it opened.
  @GuardedBy("this") private boolean probing;

  /** A closed breaker. */
  public UpstreamBreaker() {}

  /** Whether a request may be sent upstream at {@code now}; see {@link Decision}. */
  public synchronized Decision admit(Instant now) {
    requireNonNull(now, "now");
    Instant next = probeAt;
    if (next == null) {
      return PASS;
    }
    if (now.isBefore(next)) {
      return new Decision.Open(next);
    }
    // One probe per wait: the next one only once the wait has passed again.
    probeAt = now.plus(openFor);
    probing = true;
    return PROBE;
  }

  /** Upstream answered (any HTTP status): it is reachable, so the breaker closes. */
  public synchronized void answered() {
    failures = 0;
    probeAt = null;
    openFor = Duration.ZERO;
    probing = false;
  }

  /** Upstream could not be reached at {@code now}. */
  public synchronized void unreachable(Instant now) {
    requireNonNull(now, "now");
    if (failures < Integer.MAX_VALUE) {
      failures++;
    }
    if (probeAt == null) {
      if (failures >= FAILURE_THRESHOLD) {
        openFor = FIRST_OPEN;
        probeAt = now.plus(openFor);
        probing = false;
      }
      return;
    }
    if (probing) {
      Duration doubled = openFor.multipliedBy(2);
      openFor = doubled.compareTo(MAX_OPEN) > 0 ? MAX_OPEN : doubled;
      probeAt = now.plus(openFor);
      probing = false;
    }
  }

  /** When the open breaker lets its next probe through; empty when closed. */
  public synchronized Optional<Instant> retryAt() {
    return Optional.ofNullable(probeAt);
  }

  /** Whether the breaker is open (refusing all but probes). */
  public synchronized boolean isOpen() {
    return probeAt != null;
  }
}
