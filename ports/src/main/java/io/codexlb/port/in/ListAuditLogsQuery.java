package io.codexlb.port.in;

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
 * @param cursor only entries with a smaller id: the last id of the previous page
 * @param limit at most this many, 1 to {@link #MAX_LIMIT}
 */
public record ListAuditLogsQuery(
    Optional<String> action,
    Optional<Instant> since,
    Optional<Instant> until,
    OptionalLong cursor,
    int limit) {

  /** The most entries one page holds. */
  public static final int MAX_LIMIT = 500;

  public ListAuditLogsQuery {
    requireNonNull(action, "action");
    requireNonNull(since, "since");
    requireNonNull(until, "until");
    requireNonNull(cursor, "cursor");
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new IllegalArgumentException("limit: " + limit + " (expected: 1 to " + MAX_LIMIT + ")");
    }
  }
}
