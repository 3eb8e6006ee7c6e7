package io.codexlb.adapter.http.admin;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.codexlb.adapter.http.JsonResponses;
import io.codexlb.domain.account.AccountId;
import io.codexlb.domain.key.ApiKeyId;
import io.codexlb.port.in.ListRequestLogsUseCase;
import io.codexlb.port.in.RequestLogsQuery;
import io.codexlb.port.in.RequestLogsResult;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;

/**
 * {@code GET /api/request-logs}: the request log, newest first, filtered by time range, key,
 * account, model, status, error code and request id, paged by an opaque cursor. The filtering and
 * paging run in the store, on its indexes.
 */
public final class RequestLogsRoutes implements AdminRoutes {

  static final String PATH = "/api/request-logs";

  /** The time range when none is given: the last day. */
  static final Duration DEFAULT_RANGE = Duration.ofDays(1);

  static final int DEFAULT_LIMIT = 100;

  private static final Set<String> PARAMS =
      Set.of(
          "from",
          "to",
          "api_key_id",
          "account_id",
          "model",
          "status_code",
          "error_code",
          "request_id",
          "limit",
          "cursor");

  private final ListRequestLogsUseCase logs;
  private final Clock clock;

  /**
   * @param logs reads the pages
   * @param clock the default end of the time range
   */
  public RequestLogsRoutes(ListRequestLogsUseCase logs, Clock clock) {
    this.logs = requireNonNull(logs, "logs");
    this.clock = requireNonNull(clock, "clock");
  }

  @Override
  public void install(Router router) {
    router.get(PATH).handler(this::list);
  }

  private void list(RoutingContext ctx) {
    QueryParams params = QueryParams.of(ctx, PARAMS);
    Instant to = params.instant("to").orElseGet(clock::instant);
    Instant from = params.instant("from").orElse(to.minus(DEFAULT_RANGE));
    if (to.isBefore(from)) {
      throw QueryParams.refused("to: " + to + " (expected: not before from " + from + ")");
    }
    RequestLogsQuery query =
        new RequestLogsQuery(
            from,
            to,
            params.text("api_key_id").map(ApiKeyId::new),
            params.text("account_id").map(AccountId::new),
            params.text("model"),
            params.integer("status_code", 100, 599),
            params.text("error_code"),
            params.text("request_id"),
            params.integer("limit", 1, RequestLogsQuery.MAX_LIMIT).orElse(DEFAULT_LIMIT),
            params.text("cursor").map(RequestLogsRoutes::decode));
    StoreReplies.whenDone(
        ctx, logs.list(query), page -> JsonResponses.send(ctx.response(), 200, json(page)));
  }

  // The cursor is opaque to clients: the last entry's time and id, base64url-encoded.
  static String encode(RequestLogsQuery.Cursor cursor) {
    String text = cursor.requestedAt().toEpochMilli() + ":" + cursor.requestId();
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  private static RequestLogsQuery.Cursor decode(String cursor) {
    try {
      String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
      int colon = text.indexOf(':');
      if (colon > 0 && colon < text.length() - 1) {
        return new RequestLogsQuery.Cursor(
            Instant.ofEpochMilli(Long.parseLong(text.substring(0, colon))),
            text.substring(colon + 1));
      }
    } catch (IllegalArgumentException e) {
      // Reported below: a cursor not made by this route.
    }
    throw QueryParams.refused("cursor: not a cursor this API gave (expected: a next_cursor)");
  }

  private static ObjectNode json(RequestLogsResult page) {
    ObjectNode body = JsonResponses.object();
    ArrayNode entries = body.putArray("request_logs");
    for (RequestLogsResult.Entry entry : page.entries()) {
      ObjectNode node = entries.addObject();
      node.put("request_id", entry.requestId()).put("requested_at", entry.requestedAt().toString());
      putOptional(node, "api_key_id", entry.apiKeyId().map(ApiKeyId::value));
      putOptional(node, "account_id", entry.accountId().map(AccountId::value));
      node.put("model", entry.model()).put("status_code", entry.statusCode());
      putOptional(node, "error_code", entry.errorCode());
      node.put("input_tokens", entry.inputTokens())
          .put("output_tokens", entry.outputTokens())
          .put("cached_input_tokens", entry.cachedInputTokens())
          .put("reasoning_tokens", entry.reasoningTokens())
          .put("cost_micros", entry.costMicros())
          .put("latency_ms", entry.latencyMillis());
      if (entry.firstTokenMillis().isPresent()) {
        node.put("first_token_ms", entry.firstTokenMillis().getAsLong());
      } else {
        node.putNull("first_token_ms");
      }
      node.put("select_ms", entry.selectMillis());
    }
    Optional<String> next = page.next().map(RequestLogsRoutes::encode);
    putOptional(body, "next_cursor", next);
    return body;
  }

  private static void putOptional(ObjectNode node, String field, Optional<String> value) {
    if (value.isPresent()) {
      node.put(field, value.get());
    } else {
      node.putNull(field);
    }
  }

  @Override
  public ObjectNode openApiPaths() {
    ObjectNode paths = JsonResponses.object();
    ObjectNode get =
        paths
            .putObject(PATH)
            .putObject("get")
            .put("summary", "The request log, newest first, filtered and paged by cursor");
    ArrayNode parameters = get.putArray("parameters");
    parameter(parameters, "from", "string", "Earliest time, inclusive (default: to minus a day)");
    parameter(parameters, "to", "string", "Latest time, exclusive (default: now)");
    parameter(parameters, "api_key_id", "string", "Only this key's requests");
    parameter(parameters, "account_id", "string", "Only this account's requests");
    parameter(parameters, "model", "string", "Only this model");
    parameter(parameters, "status_code", "integer", "Only this HTTP status");
    parameter(parameters, "error_code", "string", "Only this error code");
    parameter(parameters, "request_id", "string", "Only this request id");
    parameter(parameters, "limit", "integer", "Page size, 1 to 1000 (default 100)");
    parameter(parameters, "cursor", "string", "The next_cursor of the previous page");
    ObjectNode responses = get.putObject("responses");
    responses
        .putObject("200")
        .put("description", "A page: request_logs (newest first) and next_cursor (null at the end)")
        .putObject("content")
        .putObject("application/json")
        .putObject("schema")
        .put("type", "object");
    responses.putObject("400").put("description", "A bad parameter, named");
    return paths;
  }

  private static void parameter(ArrayNode parameters, String name, String type, String text) {
    ObjectNode parameter =
        parameters.addObject().put("name", name).put("in", "query").put("description", text);
    parameter.putObject("schema").put("type", type);
  }
}
