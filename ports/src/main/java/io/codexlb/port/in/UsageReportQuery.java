package io.codexlb.port.in;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Which usage to report ({@code GET /api/usage/summary} and {@code /api/usage/history}).
 *
 * @param from earliest, inclusive
 * @param to latest, exclusive; not before {@code from}
 * @param groupBy per key, account or model
 * @param bucket chart buckets (UTC hours or days), or empty for one total per group
 */
public record UsageReportQuery(Instant from, Instant to, GroupBy groupBy, Optional<Bucket> bucket) {

  public UsageReportQuery {
    requireNonNull(from, "from");
    requireNonNull(to, "to");
    requireNonNull(groupBy, "groupBy");
    requireNonNull(bucket, "bucket");
    if (to.isBefore(from)) {
      throw new IllegalArgumentException("to: " + to + " (expected: not before from " + from + ")");
    }
  }

  /** What each total is for. */
  public enum GroupBy {
    API_KEY("api_key"),
    ACCOUNT("account"),
    MODEL("model");

    private final String wireName;

    GroupBy(String wireName) {
      this.wireName = wireName;
    }

    /** The name in the API's {@code group_by}. */
    public String wireName() {
      return wireName;
    }
  }

  /** Chart buckets. */
  public enum Bucket {
    HOUR("hour", Duration.ofHours(1)),
    DAY("day", Duration.ofDays(1));

    private final String wireName;
    private final Duration length;

    Bucket(String wireName, Duration length) {
      this.wireName = wireName;
      this.length = length;
    }

    /** The name in the API's {@code bucket}. */
    public String wireName() {
      return wireName;
    }

    /** The bucket's length. */
    public Duration length() {
      return length;
    }
  }
}
