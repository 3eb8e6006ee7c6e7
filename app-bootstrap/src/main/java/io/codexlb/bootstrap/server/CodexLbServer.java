package io.codexlb.bootstrap.server;

import static java.util.Objects.requireNonNull;

import io.codexlb.adapter.http.HttpApi;
import io.codexlb.adapter.http.HttpListener;
import io.codexlb.bootstrap.config.ServerConfig;
import io.codexlb.port.in.CheckReadinessUseCase;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** Starts the two listeners of a codex-lb instance: the proxy API and the dashboard/admin API. */
public final class CodexLbServer {

  private final ServerConfig config;
  private final Vertx vertx;
  private final CheckReadinessUseCase readiness;

  @Inject
  CodexLbServer(ServerConfig config, Vertx vertx, CheckReadinessUseCase readiness) {
    this.config = requireNonNull(config, "config");
    this.vertx = requireNonNull(vertx, "vertx");
    this.readiness = requireNonNull(readiness, "readiness");
  }

  /** The configuration this server runs with. */
  public ServerConfig config() {
    return config;
  }

  /**
   * Binds both listeners. If either cannot bind, whatever did start is stopped and Vert.x is
   * closed, so a failed start leaves nothing running; the stage fails with the bind error.
   */
  public CompletionStage<RunningServer> start() {
    CompletableFuture<RunningServer> started = new CompletableFuture<>();
    startListeners()
        .onComplete(
            result -> {
              if (result.succeeded()) {
                started.complete(result.result());
                return;
              }
              // Wait on close() itself: a continuation chained from an event-loop future would be
              // rejected once that event loop has shut down, and the stage would never complete.
              vertx.close().onComplete(closed -> started.completeExceptionally(result.cause()));
            });
    return started;
  }

  private Future<RunningServer> startListeners() {
    int instances = Math.max(1, Runtime.getRuntime().availableProcessors());
    ServerConfig.Listen proxy = config.proxy();
    ServerConfig.Listen dashboard = config.dashboard();
    return HttpListener.start(
            vertx,
            "proxy API",
            proxy.host(),
            proxy.port(),
            instances,
            v -> HttpApi.proxyRouter(v, readiness))
        .recover(error -> Future.failedFuture(new ListenerStartException(proxy, error)))
        .compose(
            proxyListener ->
                HttpListener.start(
                        vertx,
                        "dashboard",
                        dashboard.host(),
                        dashboard.port(),
                        instances,
                        v -> HttpApi.adminRouter(v, readiness))
                    .map(listener -> new RunningServer(vertx, proxyListener, listener))
                    .recover(
                        error ->
                            proxyListener
                                .shutdown(Duration.ZERO)
                                .transform(
                                    ignored ->
                                        Future.failedFuture(
                                            new ListenerStartException(dashboard, error)))));
  }
}
