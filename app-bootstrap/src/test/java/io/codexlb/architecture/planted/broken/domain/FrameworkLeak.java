package io.codexlb.architecture.planted.broken.domain;

import io.vertx.core.Future;

/** Planted: a Vert.x type in the domain. */
public final class FrameworkLeak {

  public Future<String> answer() {
    return Future.succeededFuture("42");
  }
}
