package io.codexlb.adapter.http;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/**
 * Runs work on a request's own Vert.x context: the proxy's stages complete on whatever thread the
 * upstream client uses, and a request's response must only be touched from its own event loop. When
 * the caller is already there (the common case: the upstream client runs on the caller's event
 * loop), the work runs at once, without a hop.
 */
final class OnContext {

  private OnContext() {}

  /** The caller's context; a route's handler always runs on one. */
  static Context current() {
    Context context = Vertx.currentContext();
    if (context == null) {
      throw new IllegalStateException("not on a Vert.x context");
    }
    return context;
  }

  static void run(Context context, Runnable work) {
    if (Vertx.currentContext() == context) {
      work.run();
    } else {
      context.runOnContext(ignored -> work.run());
    }
  }

  /**
   * When a use case's stage completes, answers the request on its own context: a stage that failed
   * (a bug: use cases return refusals as values) fails the route, which answers with the error
   * envelope.
   */
  static <T> void whenDone(
      RoutingContext ctx, Context context, CompletionStage<T> stage, Consumer<T> answer) {
    stage.whenComplete(
        (result, error) ->
            run(
                context,
                () -> {
                  if (error != null) {
                    ctx.fail(error);
                  } else {
                    answer.accept(result);
                  }
                }));
  }
}
