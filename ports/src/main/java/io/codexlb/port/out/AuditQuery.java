package io.codexlb.port.out;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Which audit entries to read, newest first.
 *
 * @param action only entries of this action, if given
 * @param since only entries at or after this instant, if given
 * @param until only entries before this instant, if given
 * @param beforeId the cursor: only entries with a smaller id (the last id of the previous page)
 * @param limit at most this many, 1 to 500
 */
public record AuditQuery(
    Optional<String> action,
    Optional<Instant> since,
    Optional<Instant> until,
    OptionalLong beforeId,
    int limit) {

  /** The most entries one page holds. */
  public static final int MAX_LIMIT = 500;

  public AuditQuery {
    requireNonNull(action, "action");
    requireNonNull(since, "since");
    requireNonNull(until, "until");
    requireNonNull(beforeId, "beforeId");
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new IllegalArgumentException("limit: " + limit + " (expected: 1 to " + MAX_LIMIT + ")");
    }
  }

  /** The newest {@code limit} entries, unfiltered. */
  public static AuditQuery newest(int limit) {
    return new AuditQuery(
        Optional.empty(), Optional.empty(), Optional.empty(), OptionalLong.empty(), limit);
  }

  /** Whether {@code entry} matches the filters (not the cursor or the limit). */
  public boolean matches(AuditEntry entry) {
    return action.map(entry.action()::equals).orElse(true)
        && since.map(start -> !entry.at().isBefore(start)).orElse(true)
        && until.map(end -> entry.at().isBefore(end)).orElse(true);
  }
}
