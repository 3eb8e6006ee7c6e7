package io.codexlb.port.in;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Usage totals, per group and (for history) per bucket.
 *
 * @param rows ordered by bucket, then group (requests without a group first)
 */
public record UsageReportResult(List<Row> rows) {

  public UsageReportResult {
    rows = List.copyOf(requireNonNull(rows, "rows"));
  }

  /**
   * One group's totals in one bucket (or the whole range).
   *
   * @param bucketStart the bucket's start, for history
   * @param group the key id, account id or model; empty for requests without one
   * @param requests how many requests
   * @param errors how many got a status of 400 or more
   * @param inputTokens input tokens
   * @param outputTokens output tokens
   * @param cachedInputTokens cached input tokens
   * @param reasoningTokens reasoning tokens
   * @param costMicros cost in micro-dollars
   */
  public record Row(
      Optional<Instant> bucketStart,
      Optional<String> group,
      long requests,
      long errors,
      long inputTokens,
      long outputTokens,
      long cachedInputTokens,
      long reasoningTokens,
      long costMicros) {

    public Row {
      requireNonNull(bucketStart, "bucketStart");
      requireNonNull(group, "group");
    }
  }
}
