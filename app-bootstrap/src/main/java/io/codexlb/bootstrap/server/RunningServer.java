package io.codexlb.bootstrap.server;

import static java.util.Objects.requireNonNull;

import io.codexlb.adapter.http.HttpListener;
import io.codexlb.port.out.DrainPlan;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * A started server: both listeners bound. Stopping it is idempotent; draining it ({@link #drain})
 * fails readiness first and stops it after the settle period.
 */
public final class RunningServer {

  private final Vertx vertx;
  private final HttpListener proxy;
  private final HttpListener dashboard;
  private final Supplier<CompletionStage<Void>> closeStore;
  private final Drainer drainer;
  private CompletionStage<Void> stopping;

  RunningServer(
      Vertx vertx,
      HttpListener proxy,
      HttpListener dashboard,
      Supplier<CompletionStage<Void>> closeStore,
      Drainer drainer) {
    this.vertx = requireNonNull(vertx, "vertx");
    this.proxy = requireNonNull(proxy, "proxy");
    this.dashboard = requireNonNull(dashboard, "dashboard");
    this.closeStore = requireNonNull(closeStore, "closeStore");
    this.drainer = requireNonNull(drainer, "drainer");
  }

  /**
   * Drains the server (see {@link Drainer}): readiness fails now, the listeners stop after the
   * settle period; {@link Drainer#stopped()} tells when it is over.
   *
   * @param trigger what asks, such as {@code SIGTERM}
   */
  public DrainPlan drain(String trigger) {
    return drainer.drain(trigger);
  }

  /** The drain of this server, however it is started. */
  public Drainer drainer() {
    return drainer;
  }

  /** The proxy API listener (OpenAI-compatible and Codex routes). */
  public HttpListener proxy() {
    return proxy;
  }

  /** The dashboard and admin API listener. */
  public HttpListener dashboard() {
    return dashboard;
  }

  /**
   * Stops accepting connections on both listeners at once, lets in-flight requests finish within
   * {@code grace}, then closes the store and Vert.x. Calling it again returns the same future.
   */
  public synchronized CompletionStage<Void> stop(Duration grace) {
    requireNonNull(grace, "grace");
    if (stopping == null) {
      CompletableFuture<Void> stopped = new CompletableFuture<>();
      Future.join(proxy.shutdown(grace), dashboard.shutdown(grace))
          .onComplete(
              listenersClosed ->
                  closeStore
                      .get()
                      .whenComplete(
                          (storeClosed, storeError) ->
                              vertx
                                  .close()
                                  .onComplete(
                                      closed -> {
                                        if (closed.succeeded()) {
                                          stopped.complete(null);
                                        } else {
                                          stopped.completeExceptionally(closed.cause());
                                        }
                                      })));
      stopping = stopped;
    }
    return stopping;
  }
}
