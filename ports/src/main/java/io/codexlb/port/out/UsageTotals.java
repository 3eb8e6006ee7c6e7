package io.codexlb.port.out;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;

/**
 * The requests of one group (and bucket) added up.
 *
 * @param bucketStart the bucket's start, when the query asked for buckets
 * @param group the key id, account id or model; empty for requests without one
 * @param requests how many requests
 * @param errors how many were answered with a status of 400 or more
 * @param inputTokens their input tokens
 * @param outputTokens their output tokens
 * @param cachedInputTokens their cached input tokens
 * @param reasoningTokens their reasoning tokens
 * @param costMicros their cost in micro-dollars
 */
public record UsageTotals(
    Optional<Instant> bucketStart,
    Optional<String> group,
    long requests,
    long errors,
    long inputTokens,
    long outputTokens,
    long cachedInputTokens,
    long reasoningTokens,
    long costMicros) {

  public UsageTotals {
    requireNonNull(bucketStart, "bucketStart");
    requireNonNull(group, "group");
  }
}
