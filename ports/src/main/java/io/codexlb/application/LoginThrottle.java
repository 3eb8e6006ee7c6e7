package io.codexlb.application;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Limits login and TOTP attempts per client address: at most {@code limit} in any sliding {@code
 * window}; past it, the attempt is refused and the caller told when the oldest one leaves the
 * window. Kept in memory, per instance: an attacker spreading attempts over N instances gets N
 * times the rate, still far too slow against a hashed password of 8 characters or more.
 */
final class LoginThrottle {

  /** Addresses remembered at most; past it, those with no attempt in the window are forgotten. */
  private static final int MAX_ADDRESSES = 10_000;

  private final int limit;
  private final Duration window;
  private final Clock clock;
  private final Map<String, Deque<Instant>> attempts = new HashMap<>();

  LoginThrottle(int limit, Duration window, Clock clock) {
    if (limit < 1) {
      throw new IllegalArgumentException("limit: " + limit + " (expected: >= 1)");
    }
    this.limit = limit;
    this.window = requireNonNull(window, "window");
    this.clock = requireNonNull(clock, "clock");
  }

  /**
   * Counts an attempt from {@code address}, if it is allowed.
   *
   * @return empty if the attempt may go ahead (and is counted), else how long until one would be
   */
  synchronized Optional<Duration> attempt(String address) {
    Instant now = clock.instant();
    Instant horizon = now.minus(window);
    if (attempts.size() >= MAX_ADDRESSES) {
      attempts.values().removeIf(times -> times.isEmpty() || !times.peekLast().isAfter(horizon));
    }
    Deque<Instant> times = attempts.computeIfAbsent(address, ignored -> new ArrayDeque<>());
    while (!times.isEmpty() && !times.peekFirst().isAfter(horizon)) {
      times.pollFirst();
    }
    if (times.size() >= limit) {
      Duration wait = Duration.between(now, times.peekFirst().plus(window));
      // Retry-After is whole seconds: round up so a client that waits exactly that long passes.
      long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
      return Optional.of(Duration.ofSeconds(seconds));
    }
    times.addLast(now);
    return Optional.empty();
  }
}
