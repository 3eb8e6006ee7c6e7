package io.codexlb.domain.account;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The run of consecutive transient upstream errors on an account (5xx, overload, a refresh that
 * failed for now), and the backoff it earns. A success ends the run.
 *
 * <p>The backoff follows upstream codex-lb: the first two errors cost nothing, because one failed
 * request already fails over to another account and a lone 502 says little about the account; from
 * the third on the account sits out {@code 30 s × 2^(errors − 3)} from its last error, capped at
 * {@link #MAX_BACKOFF} (5 minutes): 30 s, 1 min, 2 min, 4 min, then 5 min for good. Five minutes is
 * long enough that a broken account costs the pool only a request every few minutes, and short
 * enough that a recovered one is back soon; upstream's pool-wide "try again in" hint is capped at
 * the same 300 s.
 *
 * @param consecutiveErrors errors since the last success; {@code >= 0}
 * @param lastErrorAt when the last of them happened; present exactly when there were any
 */
public record ErrorStreak(int consecutiveErrors, Optional<Instant> lastErrorAt) {

  /** The number of consecutive errors from which an account backs off. */
  public static final int BACKOFF_THRESHOLD = 3;

  /** The backoff after exactly {@link #BACKOFF_THRESHOLD} errors; it doubles with each more. */
  public static final Duration FIRST_BACKOFF = Duration.ofSeconds(30);

  /** The longest backoff, however many errors. */
  public static final Duration MAX_BACKOFF = Duration.ofMinutes(5);

  // 30 s × 2^4 = 8 min is already past the cap, so larger exponents need not be computed.
  private static final int MAX_DOUBLINGS = 4;

  /** No errors. */
  public static final ErrorStreak NONE = new ErrorStreak(0, Optional.empty());

  public ErrorStreak {
    requireNonNull(lastErrorAt, "lastErrorAt");
    if (consecutiveErrors < 0) {
      throw new IllegalArgumentException(
          "consecutiveErrors: " + consecutiveErrors + " (expected: >= 0)");
    }
    if ((consecutiveErrors == 0) != lastErrorAt.isEmpty()) {
      throw new IllegalArgumentException(
          "lastErrorAt: "
              + lastErrorAt
              + " (expected: present exactly when consecutiveErrors > 0, was "
              + consecutiveErrors
              + ")");
    }
  }

  /** The backoff owed after this many consecutive errors: zero below the threshold. */
  public static Duration backoffAfter(int consecutiveErrors) {
    if (consecutiveErrors < BACKOFF_THRESHOLD) {
      return Duration.ZERO;
    }
    int doublings = Math.min(consecutiveErrors - BACKOFF_THRESHOLD, MAX_DOUBLINGS);
    Duration backoff = FIRST_BACKOFF.multipliedBy(1L << doublings);
    return backoff.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff;
  }

  /** This streak with one more error at {@code now}. */
  public ErrorStreak plusErrorAt(Instant now) {
    requireNonNull(now, "now");
    int errors = consecutiveErrors == Integer.MAX_VALUE ? consecutiveErrors : consecutiveErrors + 1;
    return new ErrorStreak(errors, Optional.of(now));
  }

  /** When the backoff ends; empty when the streak earns none. */
  public Optional<Instant> backoffUntil() {
    Duration backoff = backoffAfter(consecutiveErrors);
    if (backoff.isZero()) {
      return Optional.empty();
    }
    return lastErrorAt.map(last -> last.plus(backoff));
  }

  /** Whether the account is sitting out a backoff at {@code now}. */
  public boolean backingOffAt(Instant now) {
    requireNonNull(now, "now");
    return backoffUntil().filter(now::isBefore).isPresent();
  }
}
