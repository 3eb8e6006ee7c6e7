package io.codexlb.port.out;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Which usage totals to compute from the request log: the requests with {@code from <= requestedAt
 * < to}, grouped by {@code groupBy} and, for a chart, by {@code bucket} (UTC hours or days).
 *
 * @param from earliest, inclusive
 * @param to latest, exclusive; not before {@code from}
 * @param groupBy the dimension each total is for
 * @param bucket the time buckets, or empty for one total per group over the whole range
 */
public record UsageQuery(Instant from, Instant to, Group groupBy, Optional<Bucket> bucket) {

  public UsageQuery {
    requireNonNull(from, "from");
    requireNonNull(to, "to");
    requireNonNull(groupBy, "groupBy");
    requireNonNull(bucket, "bucket");
    if (to.isBefore(from)) {
      throw new IllegalArgumentException("to: " + to + " (expected: not before from " + from + ")");
    }
  }

  /** What the totals are per. */
  public enum Group {
    /** Per API key ({@code api_key_id}; requests without a key form their own group). */
    API_KEY,
    /** Per account ({@code account_id}; requests no account served form their own group). */
    ACCOUNT,
    /** Per model. */
    MODEL
  }

  /** Chart buckets: whole UTC hours or days, each named by its start. */
  public enum Bucket {
    HOUR(Duration.ofHours(1)),
    DAY(Duration.ofDays(1));

    private final Duration length;

    Bucket(Duration length) {
      this.length = length;
    }

    /** The bucket's length. */
    public Duration length() {
      return length;
    }

    /** The start of the bucket holding {@code instant}. */
    public Instant startOf(Instant instant) {
      long millis = length.toMillis();
      return Instant.ofEpochMilli(Math.floorDiv(instant.toEpochMilli(), millis) * millis);
    }
  }
}
