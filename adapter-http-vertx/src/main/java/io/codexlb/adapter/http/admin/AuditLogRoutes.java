package io.codexlb.adapter.http.admin;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.codexlb.adapter.http.ApiError;
import io.codexlb.adapter.http.ApiException;
import io.codexlb.adapter.http.JsonResponses;
import io.codexlb.port.in.ListAuditLogsQuery;
import io.codexlb.port.in.ListAuditLogsResult;
import io.codexlb.port.in.ListAuditLogsUseCase;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * {@code GET /api/audit-logs}: the admin actions, newest first, filtered by {@code action} and a
 * time range ({@code since}, {@code until}), a page at a time ({@code limit}, {@code cursor}).
 */
public final class AuditLogRoutes implements AdminRoutes {

  static final String AUDIT_LOGS = "/api/audit-logs";
  static final int DEFAULT_LIMIT = 50;

  private static final Set<String> PARAMETERS =
      Set.of("action", "since", "until", "cursor", "limit");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final ListAuditLogsUseCase entries;

  public AuditLogRoutes(ListAuditLogsUseCase entries) {
    this.entries = requireNonNull(entries, "entries");
  }

  @Override
  public void install(Router router) {
    router.get(AUDIT_LOGS).handler(this::list);
  }

  private void list(RoutingContext ctx) {
    for (String name : ctx.queryParams().names()) {
      if (!PARAMETERS.contains(name)) {
        throw invalid("Unknown query parameter '" + name + "' (expected: " + PARAMETERS + ")");
      }
    }
    int limit = DEFAULT_LIMIT;
    String limitText = ctx.queryParams().get("limit");
    if (limitText != null) {
      try {
        limit = Integer.parseInt(limitText);
      } catch (NumberFormatException e) {
        limit = -1;
      }
      if (limit < 1 || limit > ListAuditLogsQuery.MAX_LIMIT) {
        throw invalid(
            "limit: '" + limitText + "' (expected: 1 to " + ListAuditLogsQuery.MAX_LIMIT + ")");
      }
    }
    OptionalLong cursor = OptionalLong.empty();
    String cursorText = ctx.queryParams().get("cursor");
    if (cursorText != null) {
      try {
        cursor = OptionalLong.of(Long.parseLong(cursorText));
      } catch (NumberFormatException e) {
        throw invalid("cursor: '" + cursorText + "' (expected: a next_cursor this route gave)");
      }
    }
    ListAuditLogsQuery query =
        new ListAuditLogsQuery(
            Optional.ofNullable(ctx.queryParams().get("action")),
            instant(ctx, "since"),
            instant(ctx, "until"),
            cursor,
            limit);
    int pageSize = limit;
    AdminReplies.whenDone(
        ctx,
        entries.listAuditLogs(query),
        result -> {
          List<ListAuditLogsResult.Entry> page = result.entries();
          ObjectNode json = JsonResponses.object();
          ArrayNode array = json.putArray("entries");
          page.forEach(entry -> array.add(entry(entry)));
          if (page.size() == pageSize) {
            json.put("next_cursor", Long.toString(page.get(page.size() - 1).id()));
          } else {
            json.putNull("next_cursor");
          }
          AdminReplies.json(ctx, 200, json);
        });
  }

  private static ObjectNode entry(ListAuditLogsResult.Entry entry) {
    ObjectNode json = JsonResponses.object();
    json.put("id", entry.id());
    json.put("at", entry.at().toString());
    json.put("actor", entry.actor());
    json.put("address", entry.address());
    json.put("action", entry.action());
    if (entry.targetId().isPresent()) {
      json.put("target_id", entry.targetId().get());
    } else {
      json.putNull("target_id");
    }
    embedded(json, "before", entry.before());
    embedded(json, "after", entry.after());
    return json;
  }

  /** The stored JSON as JSON, not as a string of it. */
  private static void embedded(ObjectNode json, String field, Optional<String> value) {
    if (value.isEmpty()) {
      json.putNull(field);
      return;
    }
    try {
      json.set(field, JSON.readTree(value.get()));
    } catch (JsonProcessingException e) {
      json.put(field, value.get());
    }
  }

  private static Optional<Instant> instant(RoutingContext ctx, String name) {
    String text = ctx.queryParams().get(name);
    if (text == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(OffsetDateTime.parse(text).toInstant());
    } catch (DateTimeParseException e) {
      throw invalid(name + ": '" + text + "' (expected: an ISO-8601 time with offset)");
    }
  }

  private static ApiException invalid(String message) {
    return new ApiException(ApiError.invalidRequest(message));
  }

  @Override
  public ObjectNode openApiPaths() {
    ObjectNode paths = JsonResponses.object();
    OpenApi.operation(
        paths.putObject(AUDIT_LOGS),
        "get",
        "Admin actions, newest first: who, from where, when, what, target, before and after"
            + " (never a secret); ?action=&since=&until=&limit=&cursor=",
        OpenApi.response("200", "A page of entries and next_cursor"),
        OpenApi.response("400", "A bad query parameter, named in the message"));
    return paths;
  }
}
