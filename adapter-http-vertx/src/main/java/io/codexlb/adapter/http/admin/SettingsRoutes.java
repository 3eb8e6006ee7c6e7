package io.codexlb.adapter.http.admin;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.codexlb.adapter.http.ApiError;
import io.codexlb.adapter.http.ApiException;
import io.codexlb.adapter.http.JsonResponses;
import io.codexlb.adapter.http.RequestBodies;
import io.codexlb.domain.admin.AdminActor;
import io.codexlb.domain.settings.FieldError;
import io.codexlb.domain.settings.RoutingSettings;
import io.codexlb.domain.settings.RoutingStrategy;
import io.codexlb.domain.settings.SettingsValidation;
import io.codexlb.port.in.SettingsUseCase;
import io.codexlb.port.in.UpdateSettingsCommand;
import io.codexlb.port.in.UpdateSettingsResult;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Arrays;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * {@code GET /api/settings} and {@code PUT /api/settings}: the routing settings with their
 * optimistic {@code version}. A {@code PUT} names the version it was based on ({@code 409
 * settings_conflict} when another change came first) and any of the settings; those it leaves out
 * keep their stored values. Every bad field is named in one {@code 400}, and nothing is applied.
 *
 * <p>{@code request_log_retention_days} is shown as the value in effect: the stored one, else the
 * configured {@code CODEX_LB_REQUEST_LOG_RETENTION_DAYS}, {@code request_log_retention_source}
 * saying which ({@code settings} or {@code environment}). Once stored, the stored value wins.
 */
public final class SettingsRoutes implements AdminRoutes {

  static final String PATH = "/api/settings";

  private final SettingsUseCase settings;
  private final int configuredRetentionDays;

  /**
   * @param settings reads and saves the settings
   * @param configuredRetentionDays {@code CODEX_LB_REQUEST_LOG_RETENTION_DAYS}: the retention in
   *     effect while none is stored
   */
  public SettingsRoutes(SettingsUseCase settings, int configuredRetentionDays) {
    this.settings = requireNonNull(settings, "settings");
    if (configuredRetentionDays < 0) {
      throw new IllegalArgumentException(
          "configuredRetentionDays: " + configuredRetentionDays + " (expected: >= 0)");
    }
    this.configuredRetentionDays = configuredRetentionDays;
  }

  /** The body of a {@code PUT}: every field but {@code version} optional. */
  record Update(
      @JsonProperty("routing_strategy") @Nullable String routingStrategy,
      @JsonProperty("prefer_earlier_reset") @Nullable Boolean preferEarlierReset,
      @JsonProperty("sticky_threads_enabled") @Nullable Boolean stickyThreadsEnabled,
      @JsonProperty("sticky_ttl_seconds") @Nullable Long stickyTtlSeconds,
      @JsonProperty("account_stream_limit") @Nullable Long accountStreamLimit,
      @JsonProperty("account_inflight_penalty_pct") @Nullable Double accountInflightPenaltyPct,
      @JsonProperty("request_log_retention_days") @Nullable Long requestLogRetentionDays,
      @JsonProperty("version") @Nullable Long version) {}

  @Override
  public void install(Router router) {
    router
        .get(PATH)
        .handler(
            ctx ->
                StoreReplies.whenDone(
                    ctx,
                    settings.current(),
                    current -> JsonResponses.send(ctx.response(), 200, json(current))));
    router.put(PATH).handler(this::update);
  }

  private void update(RoutingContext ctx) {
    Update body = RequestBodies.json(ctx, Update.class);
    if (body.version() == null) {
      throw new ApiException(
          ApiError.invalidRequest(
              "version: missing (expected: the version of the settings this change is based on)"));
    }
    AdminPrincipal principal = AdminReplies.principal(ctx);
    AdminActor actor = new AdminActor(principal.actor(), principal.address());
    StoreReplies.whenDone(
        ctx,
        settings
            .current()
            .thenCompose(
                current -> {
                  RoutingSettings proposed = validated(apply(current.toBuilder(), body));
                  return settings.update(new UpdateSettingsCommand(proposed, actor));
                }),
        result -> answer(ctx, result));
  }

  private static RoutingSettings.Builder apply(RoutingSettings.Builder builder, Update body) {
    if (body.routingStrategy() != null) {
      builder.routingStrategy(body.routingStrategy());
    }
    if (body.preferEarlierReset() != null) {
      builder.preferEarlierReset(body.preferEarlierReset());
    }
    if (body.stickyThreadsEnabled() != null) {
      builder.stickyThreadsEnabled(body.stickyThreadsEnabled());
    }
    if (body.stickyTtlSeconds() != null) {
      builder.stickyTtlSeconds(body.stickyTtlSeconds());
    }
    if (body.accountStreamLimit() != null) {
      builder.accountStreamLimit(body.accountStreamLimit());
    }
    if (body.accountInflightPenaltyPct() != null) {
      builder.accountInflightPenaltyPct(body.accountInflightPenaltyPct());
    }
    if (body.requestLogRetentionDays() != null) {
      builder.requestLogRetentionDays(body.requestLogRetentionDays());
    }
    return builder.version(body.version());
  }

  private static RoutingSettings validated(RoutingSettings.Builder builder) {
    SettingsValidation validation = builder.build();
    if (validation instanceof SettingsValidation.Invalid invalid) {
      throw new ApiException(
          ApiError.invalidRequest(
              invalid.errors().stream()
                  .map(FieldError::message)
                  .collect(Collectors.joining("; "))));
    }
    return ((SettingsValidation.Valid) validation).settings();
  }

  private void answer(RoutingContext ctx, UpdateSettingsResult result) {
    if (result instanceof UpdateSettingsResult.Updated updated) {
      JsonResponses.send(ctx.response(), 200, json(updated.settings()));
      return;
    }
    RoutingSettings current = ((UpdateSettingsResult.Conflict) result).current();
    throw new ApiException(
        new ApiError(
            409,
            "settings_conflict",
            ApiError.INVALID_REQUEST_ERROR,
            "The settings were changed meanwhile (version "
                + current.version()
                + " is stored); read them again and retry"));
  }

  /** The settings as the API shows them. */
  ObjectNode json(RoutingSettings settings) {
    ObjectNode node = JsonResponses.object();
    node.put("routing_strategy", settings.routingStrategy().wireName())
        .put("prefer_earlier_reset", settings.preferEarlierReset())
        .put("sticky_threads_enabled", settings.stickyThreadsEnabled())
        .put("sticky_ttl_seconds", settings.stickyTtl().toSeconds())
        .put("account_stream_limit", settings.accountStreamLimit())
        .put("account_inflight_penalty_pct", settings.accountInflightPenaltyPct())
        .put(
            "request_log_retention_days",
            settings.requestLogRetentionDaysOr(configuredRetentionDays))
        .put(
            "request_log_retention_source",
            settings.requestLogRetentionDays() == null ? "environment" : "settings")
        .put("version", settings.version());
    return node;
  }

  @Override
  public ObjectNode openApiPaths() {
    ObjectNode paths = JsonResponses.object();
    ObjectNode path = paths.putObject(PATH);
    ObjectNode get = path.putObject("get").put("summary", "The routing settings");
    response(get, "200", "The settings").set("schema", schema(false));
    ObjectNode put =
        path.putObject("put")
            .put("summary", "Change the routing settings if they are still at the given version");
    put.putObject("requestBody")
        .put("required", true)
        .putObject("content")
        .putObject("application/json")
        .set("schema", schema(true));
    response(put, "200", "The settings as saved, with the next version")
        .set("schema", schema(false));
    put.with("responses")
        .putObject("400")
        .put("description", "A bad field, named; nothing changed");
    put.with("responses")
        .putObject("409")
        .put("description", "settings_conflict: the version is not the stored one");
    return paths;
  }

  private static ObjectNode response(ObjectNode operation, String status, String description) {
    ObjectNode response = operation.with("responses").putObject(status);
    response.put("description", description);
    return response.putObject("content").putObject("application/json");
  }

  private static ObjectNode schema(boolean update) {
    ObjectNode schema = JsonResponses.object().put("type", "object");
    schema.put("additionalProperties", false);
    ObjectNode properties = schema.putObject("properties");
    ObjectNode strategy = properties.putObject("routing_strategy").put("type", "string");
    Arrays.stream(RoutingStrategy.values())
        .forEach(value -> strategy.withArray("enum").add(value.wireName()));
    properties.putObject("prefer_earlier_reset").put("type", "boolean");
    properties.putObject("sticky_threads_enabled").put("type", "boolean");
    properties
        .putObject("sticky_ttl_seconds")
        .put("type", "integer")
        .put("minimum", RoutingSettings.MIN_STICKY_TTL.toSeconds())
        .put("maximum", RoutingSettings.MAX_STICKY_TTL.toSeconds());
    properties
        .putObject("account_stream_limit")
        .put("type", "integer")
        .put("minimum", 1)
        .put("maximum", RoutingSettings.MAX_ACCOUNT_STREAM_LIMIT);
    properties
        .putObject("account_inflight_penalty_pct")
        .put("type", "number")
        .put("minimum", 0)
        .put("maximum", RoutingSettings.MAX_INFLIGHT_PENALTY_PCT);
    properties
        .putObject("request_log_retention_days")
        .put("type", "integer")
        .put("minimum", 0)
        .put("maximum", RoutingSettings.MAX_REQUEST_LOG_RETENTION_DAYS)
        .put("description", "Days request logs are kept; 0 keeps them all");
    if (!update) {
      properties
          .putObject("request_log_retention_source")
          .put("type", "string")
          .put(
              "description",
              "settings: the retention is stored; environment: none is stored and"
                  + " CODEX_LB_REQUEST_LOG_RETENTION_DAYS applies")
          .withArray("enum")
          .add("settings")
          .add("environment");
    }
    properties.putObject("version").put("type", "integer").put("minimum", 0);
    if (update) {
      schema.withArray("required").add("version");
    } else {
      properties.fieldNames().forEachRemaining(name -> schema.withArray("required").add(name));
    }
    return schema;
  }
}
