package io.codexlb.port.out;

import static java.util.Objects.requireNonNull;

import io.codexlb.domain.account.AccountId;
import io.codexlb.domain.key.ApiKeyId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Request logs added up per UTC hour and per group of one dimension: what a store that keeps hourly
 * usage rollups beside its request log adds to them when it appends logs, or takes away when it
 * purges them. One row per dimension, not per key x account x model: {@link UsageQuery} groups by
 * one dimension at a time, and the product of the three can have almost as many rows as the log.
 *
 * @param dimension the dimension {@code group} belongs to
 * @param hourStart the UTC hour, as epoch milliseconds of its start
 * @param group the key id, account id or model; {@value #NONE} for requests without a key or
 *     account (ids are never blank, and every request has a model, so {@value #NONE} is never a
 *     real group)
 * @param requests how many requests
 * @param errors how many were answered with a status of 400 or more
 * @param inputTokens their input tokens
 * @param outputTokens their output tokens
 * @param cachedInputTokens their cached input tokens
 * @param reasoningTokens their reasoning tokens
 * @param costMicros their cost in micro-dollars
 */
public record HourlyUsage(
    UsageQuery.Group dimension,
    long hourStart,
    String group,
    long requests,
    long errors,
    long inputTokens,
    long outputTokens,
    long cachedInputTokens,
    long reasoningTokens,
    long costMicros) {

  /** The group of requests without a key or account. */
  public static final String NONE = "";

  /** One hour in milliseconds. */
  public static final long HOUR_MILLIS = 3_600_000L;

  /**
   * The order the rows of {@link #of} come in: dimension, hour, group. Writers that update rollups
   * in this order take their row locks in one order, so concurrent appends cannot deadlock.
   */
  public static final Comparator<HourlyUsage> ORDER =
      Comparator.comparing(HourlyUsage::dimension)
          .thenComparingLong(HourlyUsage::hourStart)
          .thenComparing(HourlyUsage::group);

  public HourlyUsage {
    requireNonNull(dimension, "dimension");
    requireNonNull(group, "group");
  }

  /** The start of the UTC hour holding {@code instant}, as epoch milliseconds. */
  public static long hourOf(Instant instant) {
    return Math.floorDiv(instant.toEpochMilli(), HOUR_MILLIS) * HOUR_MILLIS;
  }

  /** The group {@code log} belongs to in {@code dimension}, {@link #NONE} when it has none. */
  public static String groupOf(RequestLog log, UsageQuery.Group dimension) {
    return switch (dimension) {
      case API_KEY -> log.apiKeyId().map(ApiKeyId::value).orElse(NONE);
      case ACCOUNT -> log.accountId().map(AccountId::value).orElse(NONE);
      case MODEL -> log.model();
    };
  }

  /** {@code logs} added up per dimension, hour and group, in {@link #ORDER}. */
  public static List<HourlyUsage> of(List<RequestLog> logs) {
    requireNonNull(logs, "logs");
    Map<HourlyUsage, long[]> sums = new TreeMap<>(ORDER);
    for (RequestLog log : logs) {
      long hour = hourOf(log.requestedAt());
      for (UsageQuery.Group dimension : UsageQuery.Group.values()) {
        HourlyUsage key =
            new HourlyUsage(dimension, hour, groupOf(log, dimension), 0, 0, 0, 0, 0, 0, 0);
        long[] sum = sums.computeIfAbsent(key, k -> new long[7]);
        sum[0]++;
        sum[1] += log.statusCode() >= 400 ? 1 : 0;
        sum[2] += log.inputTokens();
        sum[3] += log.outputTokens();
        sum[4] += log.cachedInputTokens();
        sum[5] += log.reasoningTokens();
        sum[6] += log.costMicros();
      }
    }
    List<HourlyUsage> rows = new ArrayList<>(sums.size());
    sums.forEach(
        (key, sum) ->
            rows.add(
                new HourlyUsage(
                    key.dimension(),
                    key.hourStart(),
                    key.group(),
                    sum[0],
                    sum[1],
                    sum[2],
                    sum[3],
                    sum[4],
                    sum[5],
                    sum[6])));
    return rows;
  }

  /**
   * The name stores keep {@code dimension} under: {@code api_key}, {@code account} or {@code
   * model}.
   */
  public static String dimensionName(UsageQuery.Group dimension) {
    return switch (dimension) {
      case API_KEY -> "api_key";
      case ACCOUNT -> "account";
      case MODEL -> "model";
    };
  }
}
