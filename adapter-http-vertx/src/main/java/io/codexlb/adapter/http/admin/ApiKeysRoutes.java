package io.codexlb.adapter.http.admin;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.codexlb.adapter.http.ApiError;
import io.codexlb.adapter.http.ApiException;
import io.codexlb.adapter.http.JsonResponses;
import io.codexlb.adapter.http.RequestBodies;
import io.codexlb.domain.admin.AdminActor;
import io.codexlb.domain.key.ApiKeyId;
import io.codexlb.domain.limit.LimitType;
import io.codexlb.domain.limit.LimitWindow;
import io.codexlb.port.in.ApiKeyResult;
import io.codexlb.port.in.CreateApiKeyCommand;
import io.codexlb.port.in.CreateApiKeyResult;
import io.codexlb.port.in.CreateApiKeyUseCase;
import io.codexlb.port.in.ListApiKeysUseCase;
import io.codexlb.port.in.ManageApiKeyResult;
import io.codexlb.port.in.ManageApiKeysUseCase;
import io.codexlb.port.in.UpdateApiKeyCommand;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * The API keys: {@code POST /api/api-keys} (the full key answered once, in {@code key}), {@code GET
 * /api/api-keys}, {@code GET|PATCH|DELETE /api/api-keys/{id}} and {@code POST
 * /api/api-keys/{id}/regenerate}. No answer but creation's and regeneration's holds the key's text,
 * and none holds its hash.
 */
public final class ApiKeysRoutes implements AdminRoutes {

  static final String KEYS = "/api/api-keys";
  static final String KEY = "/api/api-keys/:id";
  static final String REGENERATE = "/api/api-keys/:id/regenerate";

  /** The body of {@code POST /api/api-keys}. */
  record CreateBody(
      @Nullable String name,
      @Nullable List<String> allowed_models,
      @Nullable String expires_at,
      @Nullable List<LimitBody> limits) {}

  /** One limit of a body. */
  record LimitBody(
      @Nullable String limit_type, @Nullable String limit_window, @Nullable Long max_value) {}

  /** The body of {@code PATCH /api/api-keys/{id}}: absent fields are left as they are. */
  record PatchBody(
      @Nullable String name,
      @Nullable Boolean is_active,
      @Nullable JsonNode expires_at,
      @Nullable List<String> allowed_models,
      @Nullable List<LimitBody> limits,
      @Nullable Boolean reset_usage) {}

  private final CreateApiKeyUseCase create;
  private final ListApiKeysUseCase list;
  private final ManageApiKeysUseCase manage;
  private final Clock clock;

  public ApiKeysRoutes(
      CreateApiKeyUseCase create,
      ListApiKeysUseCase list,
      ManageApiKeysUseCase manage,
      Clock clock) {
    this.create = requireNonNull(create, "create");
    this.list = requireNonNull(list, "list");
    this.manage = requireNonNull(manage, "manage");
    this.clock = requireNonNull(clock, "clock");
  }

  @Override
  public void install(Router router) {
    router.post(KEYS).handler(this::create);
    router.get(KEYS).handler(this::list);
    router.get(KEY).handler(this::get);
    router.patch(KEY).handler(this::update);
    router.delete(KEY).handler(this::delete);
    router.post(REGENERATE).handler(this::regenerate);
  }

  private void create(RoutingContext ctx) {
    CreateBody body = RequestBodies.json(ctx, CreateBody.class);
    Instant now = clock.instant();
    String name = body.name();
    if (name == null) {
      throw invalid("name: missing (expected: a label for the key)");
    }
    CreateApiKeyCommand command =
        new CreateApiKeyCommand(
            name,
            models(body.allowed_models()),
            Optional.ofNullable(body.expires_at()).map(text -> instant("expires_at", text)),
            limits(body.limits()),
            now,
            actor(ctx));
    AdminReplies.whenDone(
        ctx,
        create.createApiKey(command),
        result -> {
          if (result instanceof CreateApiKeyResult.Created created) {
            ObjectNode json = ApiKeyJson.details(ApiKeyResult.of(created.key(), created.limits()));
            json.put("key", created.plainKey().reveal());
            AdminReplies.json(ctx, 201, json);
          } else if (result instanceof CreateApiKeyResult.Invalid bad) {
            throw invalid(
                bad.message()
                    .replace("allowedModels", "allowed_models")
                    .replace("expiresAt", "expires_at"));
          }
        });
  }

  private void list(RoutingContext ctx) {
    AdminReplies.whenDone(
        ctx,
        list.listApiKeys(),
        result -> {
          ArrayNode json = JsonResponses.object().arrayNode();
          result.keys().forEach(key -> json.add(ApiKeyJson.entry(key)));
          AdminReplies.json(ctx, 200, json);
        });
  }

  private void get(RoutingContext ctx) {
    ApiKeyId id = new ApiKeyId(ctx.pathParam("id"));
    AdminReplies.whenDone(
        ctx, manage.getApiKey(id, clock.instant()), result -> answer(ctx, result));
  }

  private void update(RoutingContext ctx) {
    ApiKeyId id = new ApiKeyId(ctx.pathParam("id"));
    PatchBody body = RequestBodies.json(ctx, PatchBody.class);
    Optional<Optional<Instant>> expiresAt = Optional.empty();
    JsonNode expiry = body.expires_at();
    if (expiry != null) {
      if (expiry.isNull()) {
        expiresAt = Optional.of(Optional.empty());
      } else if (expiry.isTextual()) {
        expiresAt = Optional.of(Optional.of(instant("expires_at", expiry.textValue())));
      } else {
        throw invalid("Field 'expires_at' has a value of the wrong type");
      }
    }
    List<LimitBody> limits = body.limits();
    List<String> models = body.allowed_models();
    UpdateApiKeyCommand command =
        new UpdateApiKeyCommand(
            id,
            Optional.ofNullable(body.name()),
            Optional.ofNullable(body.is_active()),
            expiresAt,
            models == null ? Optional.empty() : Optional.of(models(models)),
            limits == null ? Optional.empty() : Optional.of(limits(limits)),
            Boolean.TRUE.equals(body.reset_usage()),
            actor(ctx),
            clock.instant());
    AdminReplies.whenDone(ctx, manage.updateApiKey(command), result -> answer(ctx, result));
  }

  private void delete(RoutingContext ctx) {
    ApiKeyId id = new ApiKeyId(ctx.pathParam("id"));
    AdminReplies.whenDone(
        ctx, manage.deleteApiKey(id, actor(ctx), clock.instant()), result -> answer(ctx, result));
  }

  private void regenerate(RoutingContext ctx) {
    ApiKeyId id = new ApiKeyId(ctx.pathParam("id"));
    AdminReplies.whenDone(
        ctx,
        manage.regenerateApiKey(id, actor(ctx), clock.instant()),
        result -> answer(ctx, result));
  }

  private static void answer(RoutingContext ctx, ManageApiKeyResult result) {
    if (result instanceof ManageApiKeyResult.Found found) {
      AdminReplies.json(ctx, 200, ApiKeyJson.details(found.key()));
    } else if (result instanceof ManageApiKeyResult.Regenerated regenerated) {
      ObjectNode json = ApiKeyJson.details(regenerated.key());
      json.put("key", regenerated.plainKey().reveal());
      AdminReplies.json(ctx, 200, json);
    } else if (result instanceof ManageApiKeyResult.Deleted) {
      AdminReplies.noContent(ctx);
    } else if (result instanceof ManageApiKeyResult.NotFound missing) {
      throw AdminReplies.notFound(
          "api_key_not_found", "No API key with id '" + missing.id().value() + "'");
    } else if (result instanceof ManageApiKeyResult.Invalid bad) {
      throw invalid(bad.message());
    }
  }

  private static AdminActor actor(RoutingContext ctx) {
    AdminPrincipal principal = AdminReplies.principal(ctx);
    return new AdminActor(principal.actor(), principal.address());
  }

  private static Set<String> models(@Nullable List<String> models) {
    if (models == null) {
      return Set.of();
    }
    Set<String> set = new LinkedHashSet<>();
    for (int i = 0; i < models.size(); i++) {
      String model = models.get(i);
      if (model == null) {
        throw invalid("allowed_models[" + i + "]: null (expected: a model name)");
      }
      set.add(model);
    }
    return set;
  }

  private static List<CreateApiKeyCommand.Limit> limits(@Nullable List<LimitBody> limits) {
    if (limits == null) {
      return List.of();
    }
    List<CreateApiKeyCommand.Limit> parsed = new ArrayList<>();
    for (int i = 0; i < limits.size(); i++) {
      LimitBody limit = limits.get(i);
      String at = "limits[" + i + "]";
      if (limit == null) {
        throw invalid(at + ": null (expected: an object with limit_type, limit_window, max_value)");
      }
      String type = limit.limit_type();
      String window = limit.limit_window();
      Long max = limit.max_value();
      if (type == null) {
        throw invalid(at + ".limit_type: missing (expected: one of " + typeNames() + ")");
      }
      if (window == null) {
        throw invalid(at + ".limit_window: missing (expected: one of " + windowNames() + ")");
      }
      if (max == null) {
        throw invalid(at + ".max_value: missing (expected: 0 or more)");
      }
      LimitType limitType =
          LimitType.fromWireName(type)
              .orElseThrow(
                  () ->
                      invalid(
                          at
                              + ".limit_type: '"
                              + type
                              + "' (expected: one of "
                              + typeNames()
                              + ")"));
      LimitWindow limitWindow =
          LimitWindow.fromWireName(window)
              .orElseThrow(
                  () ->
                      invalid(
                          at
                              + ".limit_window: '"
                              + window
                              + "' (expected: one of "
                              + windowNames()
                              + ")"));
      if (max < 0) {
        throw invalid(at + ".max_value: " + max + " (expected: 0 or more)");
      }
      parsed.add(new CreateApiKeyCommand.Limit(limitType, limitWindow, max));
    }
    return parsed;
  }

  private static String typeNames() {
    return Arrays.stream(LimitType.values())
        .map(LimitType::wireName)
        .collect(Collectors.joining(", "));
  }

  private static String windowNames() {
    return Arrays.stream(LimitWindow.values())
        .map(LimitWindow::wireName)
        .collect(Collectors.joining(", "));
  }

  /** An ISO-8601 instant with an offset, like {@code 2026-01-31T00:00:00Z}. */
  private static Instant instant(String field, String text) {
    try {
      return OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeParseException e) {
      throw invalid(
          field
              + ": '"
              + text
              + "' (expected: an ISO-8601 time with offset, 2026-01-31T00:00:00Z)");
    }
  }

  private static ApiException invalid(String message) {
    return new ApiException(ApiError.invalidRequest(message));
  }

  @Override
  public ObjectNode openApiPaths() {
    ObjectNode paths = JsonResponses.object();
    ObjectNode keys = paths.putObject(OpenApi.path(KEYS));
    OpenApi.operation(
        keys,
        "post",
        "Creates an API key; the answer's key field is the only time the full key is shown",
        OpenApi.response("201", "The key, with its full text in key"),
        OpenApi.response("400", "A bad field, named in the message"));
    OpenApi.operation(
        keys,
        "get",
        "Every API key (its display prefix, never its text)",
        OpenApi.response("200", "The keys"));
    ObjectNode key = paths.putObject(OpenApi.path(KEY));
    OpenApi.operation(
        key,
        "get",
        "One API key with each limit's current_value, max_value and reset_at",
        OpenApi.response("200", "The key"),
        OpenApi.response("404", "No such key"));
    OpenApi.operation(
        key,
        "patch",
        "Changes name, is_active, expires_at, allowed_models, limits; reset_usage: true zeroes"
            + " usage. All or nothing; in force on the proxy when answered",
        OpenApi.response("200", "The key as changed"),
        OpenApi.response("400", "A bad field, named in the message; nothing changed"),
        OpenApi.response("404", "No such key"));
    OpenApi.operation(
        key,
        "delete",
        "Deletes the API key and its limits",
        OpenApi.response("204", "Deleted"),
        OpenApi.response("404", "No such key"));
    OpenApi.operation(
        paths.putObject(OpenApi.path(REGENERATE)),
        "post",
        "Gives the key a new text, answered once in key; the old text is refused from now on",
        OpenApi.response("200", "The key, with its new full text in key"),
        OpenApi.response("404", "No such key"));
    return paths;
  }
}
