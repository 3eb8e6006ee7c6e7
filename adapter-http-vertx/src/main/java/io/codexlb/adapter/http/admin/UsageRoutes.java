package io.codexlb.adapter.http.admin;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.codexlb.adapter.http.JsonResponses;
import io.codexlb.port.in.UsageReportQuery;
import io.codexlb.port.in.UsageReportResult;
import io.codexlb.port.in.UsageReportUseCase;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@code GET /api/usage/summary} (one total per key, account or model over a time range) and {@code
 * GET /api/usage/history} (the same per UTC hour or day, for charts). The store adds them up with
 * SQL aggregates; nothing is summed here.
 */
public final class UsageRoutes implements AdminRoutes {

  static final String SUMMARY_PATH = "/api/usage/summary";
  static final String HISTORY_PATH = "/api/usage/history";

  /** The range when none is given: the last week. */
  static final Duration DEFAULT_RANGE = Duration.ofDays(7);

  /** The most buckets a history may have, so that one request cannot ask for millions of rows. */
  static final long MAX_BUCKETS = 24 * 366;

  private static final Set<String> SUMMARY_PARAMS = Set.of("from", "to", "group_by");
  private static final Set<String> HISTORY_PARAMS = Set.of("from", "to", "group_by", "bucket");

  private final UsageReportUseCase usage;
  private final Clock clock;

  /**
   * @param usage computes the totals
   * @param clock the default end of the range
   */
  public UsageRoutes(UsageReportUseCase usage, Clock clock) {
    this.usage = requireNonNull(usage, "usage");
    this.clock = requireNonNull(clock, "clock");
  }

  @Override
  public void install(Router router) {
    router.get(SUMMARY_PATH).handler(ctx -> report(ctx, false));
    router.get(HISTORY_PATH).handler(ctx -> report(ctx, true));
  }

  private void report(RoutingContext ctx, boolean history) {
    QueryParams params = QueryParams.of(ctx, history ? HISTORY_PARAMS : SUMMARY_PARAMS);
    Instant to = params.instant("to").orElseGet(clock::instant);
    Instant from = params.instant("from").orElse(to.minus(DEFAULT_RANGE));
    if (to.isBefore(from)) {
      throw QueryParams.refused("to: " + to + " (expected: not before from " + from + ")");
    }
    UsageReportQuery.GroupBy groupBy =
        params
            .text("group_by")
            .map(
                text ->
                    Arrays.stream(UsageReportQuery.GroupBy.values())
                        .filter(value -> value.wireName().equals(text))
                        .findFirst()
                        .orElseThrow(
                            () ->
                                QueryParams.refused(
                                    "group_by: '"
                                        + text
                                        + "' (expected: api_key, account or model)")))
            .orElse(UsageReportQuery.GroupBy.API_KEY);
    Optional<UsageReportQuery.Bucket> bucket = Optional.empty();
    if (history) {
      UsageReportQuery.Bucket chosen =
          params
              .text("bucket")
              .map(
                  text ->
                      Arrays.stream(UsageReportQuery.Bucket.values())
                          .filter(value -> value.wireName().equals(text))
                          .findFirst()
                          .orElseThrow(
                              () ->
                                  QueryParams.refused(
                                      "bucket: '" + text + "' (expected: hour or day)")))
              .orElse(UsageReportQuery.Bucket.HOUR);
      long buckets = Duration.between(from, to).dividedBy(chosen.length());
      if (buckets > MAX_BUCKETS) {
        throw QueryParams.refused(
            "from: the range holds "
                + buckets
                + " "
                + chosen.wireName()
                + "s (expected: at most "
                + MAX_BUCKETS
                + "; use bucket=day or a shorter range)");
      }
      bucket = Optional.of(chosen);
    }
    UsageReportQuery query = new UsageReportQuery(from, to, groupBy, bucket);
    StoreReplies.whenDone(
        ctx,
        usage.report(query),
        report -> JsonResponses.send(ctx.response(), 200, json(query, report)));
  }

  private static ObjectNode json(UsageReportQuery query, UsageReportResult report) {
    ObjectNode body = JsonResponses.object();
    body.put("from", query.from().toString())
        .put("to", query.to().toString())
        .put("group_by", query.groupBy().wireName());
    query.bucket().ifPresent(bucket -> body.put("bucket", bucket.wireName()));
    ArrayNode rows = body.putArray(query.bucket().isPresent() ? "buckets" : "totals");
    for (UsageReportResult.Row row : report.rows()) {
      ObjectNode node = rows.addObject();
      row.bucketStart().ifPresent(start -> node.put("bucket_start", start.toString()));
      if (row.group().isPresent()) {
        node.put("group", row.group().get());
      } else {
        node.putNull("group");
      }
      node.put("requests", row.requests())
          .put("errors", row.errors())
          .put("input_tokens", row.inputTokens())
          .put("output_tokens", row.outputTokens())
          .put("cached_input_tokens", row.cachedInputTokens())
          .put("reasoning_tokens", row.reasoningTokens())
          .put("cost_micros", row.costMicros());
    }
    return body;
  }

  @Override
  public ObjectNode openApiPaths() {
    ObjectNode paths = JsonResponses.object();
    describe(paths, SUMMARY_PATH, "Usage totals per key, account or model over a range", false);
    describe(paths, HISTORY_PATH, "Usage per key, account or model per UTC hour or day", true);
    return paths;
  }

  private static void describe(ObjectNode paths, String path, String summary, boolean history) {
    ObjectNode get = paths.putObject(path).putObject("get").put("summary", summary);
    ArrayNode parameters = get.putArray("parameters");
    parameter(parameters, "from", "Earliest time, inclusive (default: to minus 7 days)");
    parameter(parameters, "to", "Latest time, exclusive (default: now)");
    parameter(
        parameters,
        "group_by",
        Arrays.stream(UsageReportQuery.GroupBy.values())
            .map(UsageReportQuery.GroupBy::wireName)
            .collect(Collectors.joining(", ", "One of ", " (default api_key)")));
    if (history) {
      parameter(parameters, "bucket", "hour or day (default hour)");
    }
    ObjectNode responses = get.putObject("responses");
    responses
        .putObject("200")
        .put(
            "description",
            history ? "buckets: one row per bucket and group" : "totals: one row per group")
        .putObject("content")
        .putObject("application/json")
        .putObject("schema")
        .put("type", "object");
    responses.putObject("400").put("description", "A bad parameter, named");
  }

  private static void parameter(ArrayNode parameters, String name, String text) {
    ObjectNode parameter =
        parameters.addObject().put("name", name).put("in", "query").put("description", text);
    parameter.putObject("schema").put("type", "string");
  }
}
