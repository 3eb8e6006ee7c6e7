package io.codexlb.adapter.http.admin;

import io.codexlb.adapter.http.ApiError;
import io.codexlb.adapter.http.ApiException;
import io.codexlb.adapter.http.ErrorResponses;
import io.codexlb.domain.health.Failures;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers an admin request when a use case's stage completes, on the request's own context. A
 * failed stage means the store could not be used (use cases return refusals as values): the caller
 * gets {@code 503 store_unavailable} and the log says why.
 */
final class StoreReplies {

  private static final Logger log = LoggerFactory.getLogger(StoreReplies.class);

  private StoreReplies() {}

  static <T> void whenDone(RoutingContext ctx, CompletionStage<T> stage, Consumer<T> answer) {
    Context context = Vertx.currentContext();
    stage.whenComplete(
        (result, error) -> {
          Runnable reply =
              () -> {
                if (ctx.response().ended() || ctx.response().closed()) {
                  return;
                }
                if (error == null) {
                  try {
                    answer.accept(result);
                  } catch (ApiException refused) {
                    ctx.fail(refused);
                  }
                  return;
                }
                if (Failures.unwrap(error) instanceof ApiException refused) {
                  ctx.fail(refused);
                  return;
                }
                log.warn(
                    "admin {} {}: the store failed: {}",
                    ctx.request().method(),
                    ctx.request().path(),
                    Failures.oneLine(error));
                ErrorResponses.send(ctx, storeUnavailable());
              };
          if (context == null || Vertx.currentContext() == context) {
            reply.run();
          } else {
            context.runOnContext(ignored -> reply.run());
          }
        });
  }

  static ApiError storeUnavailable() {
    return new ApiError(
        503,
        "store_unavailable",
        ApiError.SERVER_ERROR,
        "The store cannot be used right now; see /health/ready");
  }
}
