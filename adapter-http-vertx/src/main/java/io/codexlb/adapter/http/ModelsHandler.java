package io.codexlb.adapter.http;

import io.codexlb.port.in.ListModelsQuery;
import io.codexlb.port.in.ListModelsResult;
import io.codexlb.port.in.ListModelsUseCase;
import io.codexlb.port.in.ProxyResponsesResult.Refusal;
import io.vertx.core.Context;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;

/**
 * {@code GET /v1/models} (OpenAI's list; Codex's catalog when the query names a {@code
 * client_version}, as Codex asks) and {@code GET /backend-api/codex/models} (Codex's catalog): the
 * models the caller's key may use, or the error envelope.
 */
final class ModelsHandler {

  /** OpenAI's models route. */
  static final String OPENAI_PATH = "/v1/models";

  /** Codex's models route, under the Codex base URL. */
  static final String CODEX_PATH = "/backend-api/codex/models";

  private final ListModelsUseCase models;
  private final Clock clock;

  private ModelsHandler(ListModelsUseCase models, Clock clock) {
    this.models = models;
    this.clock = clock;
  }

  /** Adds both routes to the proxy router. */
  static void install(Router router, ListModelsUseCase models, Clock clock) {
    ModelsHandler handler = new ModelsHandler(models, clock);
    router
        .get(OPENAI_PATH)
        .handler(ctx -> handler.handle(ctx, ctx.queryParams().contains("client_version")));
    router.get(CODEX_PATH).handler(ctx -> handler.handle(ctx, true));
  }

  private void handle(RoutingContext ctx, boolean codexCatalog) {
    ListModelsQuery query = new ListModelsQuery(BearerToken.of(ctx.request()), clock.instant());
    Context context = OnContext.current();
    OnContext.whenDone(
        ctx, context, models.list(query), result -> answer(ctx, codexCatalog, result));
  }

  private void answer(RoutingContext ctx, boolean codexCatalog, ListModelsResult result) {
    if (result instanceof ListModelsResult.Refused refused) {
      ErrorResponses.sendInvalidKey(ctx, refused.validation());
    } else if (result instanceof ListModelsResult.NotReady notReady) {
      ErrorResponses.send(
          ctx, ApiError.of(new Refusal.NotReady(notReady.reason()), clock.instant()));
    } else if (!ctx.response().closed()) {
      ListModelsResult.Listed listed = (ListModelsResult.Listed) result;
      JsonResponses.send(
          ctx.response(),
          200,
          codexCatalog ? ModelLists.codex(listed.models()) : ModelLists.openAi(listed.models()));
    }
  }
}
