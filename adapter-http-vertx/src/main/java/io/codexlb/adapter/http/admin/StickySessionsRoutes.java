package io.codexlb.adapter.http.admin;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.codexlb.adapter.http.ApiError;
import io.codexlb.adapter.http.ApiException;
import io.codexlb.adapter.http.JsonResponses;
import io.codexlb.adapter.http.RequestBodies;
import io.codexlb.domain.sticky.StickyKey;
import io.codexlb.domain.sticky.StickyPin;
import io.codexlb.port.in.DeleteStickySessionCommand;
import io.codexlb.port.in.ListStickySessionsQuery;
import io.codexlb.port.in.ManageStickySessionsUseCase;
import io.codexlb.port.in.PurgeStickySessionsCommand;
import io.codexlb.port.in.PurgeStickySessionsCommand.Scope;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The sticky sessions of issue 15: {@code GET /api/sticky-sessions} (the stored live pins, by key,
 * a page at a time), {@code DELETE /api/sticky-sessions/{key}} and {@code POST
 * /api/sticky-sessions/purge} ({@code {"scope":"all"}} or {@code {"scope":"expired"}}). A deletion
 * reaches every instance sharing the store within a second ({@link ManageStickySessionsUseCase}).
 * Until the store is open the routes answer 503 {@code service_unavailable}.
 */
public final class StickySessionsRoutes implements AdminRoutes {

  static final String PATH = "/api/sticky-sessions";
  static final String PURGE_PATH = PATH + "/purge";
  static final String KEY_ROUTE = PATH + "/:key";
  static final String KEY_PATH = PATH + "/{key}";

  /** The page size when the client names none. */
  static final int DEFAULT_LIMIT = 100;

  /** The body of a purge. */
  record PurgeBody(@Nullable String scope) {}

  private final Supplier<Optional<ManageStickySessionsUseCase>> useCase;

  /**
   * @param useCase the sticky sessions of the open store; empty while the store is not open
   */
  public StickySessionsRoutes(Supplier<Optional<ManageStickySessionsUseCase>> useCase) {
    this.useCase = requireNonNull(useCase, "useCase");
  }

  @Override
  public void install(Router router) {
    router.get(PATH).handler(this::list);
    router.post(PURGE_PATH).handler(this::purge);
    router.delete(KEY_ROUTE).handler(this::delete);
  }

  private void list(RoutingContext ctx) {
    int limit = limit(ctx.request().getParam("limit"));
    Optional<StickyKey> after =
        Optional.ofNullable(ctx.request().getParam("after")).map(value -> key("after", value));
    ManageStickySessionsUseCase sessions = open();
    answer(
        ctx,
        sessions.list(new ListStickySessionsQuery(after, limit)),
        page -> {
          ObjectNode body = JsonResponses.object();
          ArrayNode pins = body.putArray("sticky_sessions");
          for (StickyPin pin : page.pins()) {
            pins.addObject()
                .put("key", pin.key().value())
                .put("account_id", pin.account().value())
                .put("expires_at", pin.expiresAt().toString());
          }
          if (page.next().isPresent()) {
            body.put("next", page.next().get().value());
          } else {
            body.putNull("next");
          }
          JsonResponses.send(ctx.response(), 200, body);
        });
  }

  private void delete(RoutingContext ctx) {
    StickyKey key = key("key", ctx.pathParam("key"));
    ManageStickySessionsUseCase sessions = open();
    answer(
        ctx,
        sessions.delete(new DeleteStickySessionCommand(key)),
        deleted -> {
          if (!deleted) {
            ctx.fail(
                new ApiException(
                    new ApiError(
                        404,
                        "not_found",
                        ApiError.INVALID_REQUEST_ERROR,
                        "No stored sticky session with that key")));
            return;
          }
          ctx.response().setStatusCode(204).end();
        });
  }

  private void purge(RoutingContext ctx) {
    PurgeBody body = RequestBodies.json(ctx, PurgeBody.class);
    Scope scope;
    if ("all".equals(body.scope())) {
      scope = Scope.ALL;
    } else if ("expired".equals(body.scope())) {
      scope = Scope.EXPIRED;
    } else {
      throw new ApiException(
          ApiError.invalidRequest("Field 'scope' must be \"all\" or \"expired\""));
    }
    ManageStickySessionsUseCase sessions = open();
    answer(
        ctx,
        sessions.purge(new PurgeStickySessionsCommand(scope)),
        deleted ->
            JsonResponses.send(
                ctx.response(),
                200,
                JsonResponses.object().put("scope", body.scope()).put("deleted", deleted)));
  }

  private ManageStickySessionsUseCase open() {
    return useCase
        .get()
        .orElseThrow(
            () ->
                new ApiException(
                    new ApiError(
                        503,
                        "service_unavailable",
                        ApiError.SERVER_ERROR,
                        "The store is not open yet; try again shortly")));
  }

  /**
   * Answers on the request's own context once {@code stage} completes; a failed stage (a store that
   * failed) fails the route, which answers 500 and logs it.
   */
  private static <T> void answer(RoutingContext ctx, CompletionStage<T> stage, Consumer<T> then) {
    Context context = Vertx.currentContext();
    stage.whenComplete(
        (result, error) ->
            context.runOnContext(
                ignored -> {
                  if (error != null) {
                    ctx.fail(error);
                  } else {
                    then.accept(result);
                  }
                }));
  }

  private static int limit(@Nullable String value) {
    if (value == null) {
      return DEFAULT_LIMIT;
    }
    try {
      int limit = Integer.parseInt(value);
      if (limit >= 1 && limit <= ListStickySessionsQuery.MAX_LIMIT) {
        return limit;
      }
    } catch (NumberFormatException e) {
      // answered below
    }
    throw new ApiException(
        ApiError.invalidRequest(
            "Parameter 'limit' must be a whole number from 1 to "
                + ListStickySessionsQuery.MAX_LIMIT));
  }

  private static StickyKey key(String name, @Nullable String value) {
    if (value == null || value.isBlank() || value.length() > StickyKey.MAX_LENGTH) {
      throw new ApiException(
          ApiError.invalidRequest(
              "Parameter '"
                  + name
                  + "' must be a sticky key: 1 to "
                  + StickyKey.MAX_LENGTH
                  + " characters, not blank"));
    }
    return new StickyKey(value);
  }

  @Override
  public ObjectNode openApiPaths() {
    ObjectNode paths = JsonResponses.object();
    ObjectNode list = paths.putObject(PATH).putObject("get");
    list.put("summary", "The stored live sticky pins, ordered by key, a page at a time");
    ArrayNode parameters = list.putArray("parameters");
    parameters
        .addObject()
        .put("name", "limit")
        .put("in", "query")
        .put("description", "Page size, 1 to 1000 (default 100)")
        .putObject("schema")
        .put("type", "integer");
    parameters
        .addObject()
        .put("name", "after")
        .put("in", "query")
        .put("description", "The previous page's next key")
        .putObject("schema")
        .put("type", "string");
    ObjectNode pin = JsonResponses.object().put("type", "object");
    ObjectNode pinFields = pin.putObject("properties");
    pinFields.putObject("key").put("type", "string");
    pinFields.putObject("account_id").put("type", "string");
    pinFields.putObject("expires_at").put("type", "string").put("format", "date-time");
    ObjectNode page =
        list.putObject("responses")
            .putObject("200")
            .put("description", "One page of pins")
            .putObject("content")
            .putObject("application/json")
            .putObject("schema")
            .put("type", "object")
            .putObject("properties");
    page.putObject("sticky_sessions").put("type", "array").set("items", pin);
    page.putObject("next").putArray("type").add("string").add("null");

    ObjectNode delete = paths.putObject(KEY_PATH).putObject("delete");
    delete.put("summary", "Delete one pin, on every instance");
    delete
        .putArray("parameters")
        .addObject()
        .put("name", "key")
        .put("in", "path")
        .put("required", true)
        .putObject("schema")
        .put("type", "string");
    ObjectNode deleteAnswers = delete.putObject("responses");
    deleteAnswers.putObject("204").put("description", "Deleted");
    deleteAnswers.putObject("404").put("description", "No stored pin with that key");

    ObjectNode purge = paths.putObject(PURGE_PATH).putObject("post");
    purge.put("summary", "Delete every pin, or only the expired ones");
    ObjectNode scope =
        purge
            .putObject("requestBody")
            .put("required", true)
            .putObject("content")
            .putObject("application/json")
            .putObject("schema")
            .put("type", "object")
            .put("additionalProperties", false);
    scope.putArray("required").add("scope");
    scope
        .putObject("properties")
        .putObject("scope")
        .put("type", "string")
        .putArray("enum")
        .add("all")
        .add("expired");
    ObjectNode purged =
        purge
            .putObject("responses")
            .putObject("200")
            .put("description", "How many were deleted")
            .putObject("content")
            .putObject("application/json")
            .putObject("schema")
            .put("type", "object")
            .putObject("properties");
    purged.putObject("scope").put("type", "string");
    purged.putObject("deleted").put("type", "integer");
    return paths;
  }
}
