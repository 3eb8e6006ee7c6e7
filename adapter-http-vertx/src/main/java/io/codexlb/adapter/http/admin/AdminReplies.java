package io.codexlb.adapter.http.admin;

import static java.util.Objects.requireNonNull;

import io.codexlb.adapter.http.ApiError;
import io.codexlb.adapter.http.ApiException;
import io.codexlb.adapter.http.JsonResponses;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers an admin request when its use case's stage completes, on the request's own event loop
 * (the store completes stages on its own threads). A failed stage is the store failing: it is
 * logged with the route and answered {@code 503 store_unavailable}, without the failure's detail.
 */
final class AdminReplies {

  private static final Logger log = LoggerFactory.getLogger(AdminReplies.class);

  private AdminReplies() {}

  /** The caller who passed the gate; a route behind the gate always has one. */
  static AdminPrincipal principal(RoutingContext ctx) {
    return AdminPrincipal.of(ctx)
        .orElseThrow(() -> new IllegalStateException("an admin route ran before the gate"));
  }

  /** Calls {@code answer} with the stage's value on the request's context. */
  static <T> void whenDone(RoutingContext ctx, CompletionStage<T> stage, Consumer<T> answer) {
    requireNonNull(stage, "stage");
    requireNonNull(answer, "answer");
    Context context = Vertx.currentContext();
    if (context == null) {
      throw new IllegalStateException("not on a Vert.x context");
    }
    stage.whenComplete(
        (result, error) ->
            context.runOnContext(
                ignored -> {
                  if (error != null) {
                    Throwable cause =
                        error instanceof CompletionException && error.getCause() != null
                            ? error.getCause()
                            : error;
                    log.warn(
                        "{} {}: the store failed: {}",
                        ctx.request().method(),
                        ctx.normalizedPath(),
                        cause.toString());
                    ctx.fail(new ApiException(storeUnavailable()));
                    return;
                  }
                  try {
                    answer.accept(result);
                  } catch (ApiException refused) {
                    ctx.fail(refused);
                  }
                }));
  }

  /** 503 {@code store_unavailable}. */
  static ApiError storeUnavailable() {
    return new ApiError(
        503,
        "store_unavailable",
        ApiError.SERVER_ERROR,
        "The store did not answer; try again (GET /health/ready says why)");
  }

  /** 404 {@code <what>_not_found}. */
  static ApiException notFound(String code, String message) {
    return new ApiException(new ApiError(404, code, ApiError.INVALID_REQUEST_ERROR, message));
  }

  /** Answers 204 without a body. */
  static void noContent(RoutingContext ctx) {
    ctx.response().setStatusCode(204).end();
  }

  /** Answers {@code status} with {@code body}. */
  static void json(RoutingContext ctx, int status, com.fasterxml.jackson.databind.JsonNode body) {
    JsonResponses.send(ctx.response(), status, body);
  }
}
