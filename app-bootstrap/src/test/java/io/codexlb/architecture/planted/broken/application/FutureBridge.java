package io.codexlb.architecture.planted.broken.application;

import io.vertx.core.Future;
import java.util.concurrent.CompletionStage;

/** Planted: a Vert.x type in the application layer. */
public final class FutureBridge {

  public CompletionStage<String> bridge(Future<String> future) {
    return future.toCompletionStage();
  }
}
