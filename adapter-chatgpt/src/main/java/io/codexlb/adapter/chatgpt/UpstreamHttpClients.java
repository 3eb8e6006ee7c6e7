package io.codexlb.adapter.chatgpt;

import io.codexlb.domain.upstream.UpstreamFailure;
import io.vertx.core.Vertx;
import io.vertx.core.VertxException;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.PoolOptions;
import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** The Vert.x HTTP clients this adapter talks to upstream with, and what their failures mean. */
final class UpstreamHttpClients {

  private UpstreamHttpClients() {}

  /**
   * A pooled, keep-alive client with the settings' timeouts and at most {@code poolSize}
   * connections.
   */
  static HttpClient create(Vertx vertx, UpstreamSettings settings, int poolSize) {
    HttpClientOptions options =
        new HttpClientOptions()
            .setKeepAlive(true)
            .setConnectTimeout(
                Math.toIntExact(Math.min(Integer.MAX_VALUE, settings.connectTimeout().toMillis())))
            .setIdleTimeout(
                Math.toIntExact(Math.min(Integer.MAX_VALUE, settings.idleTimeout().toMillis())))
            .setIdleTimeoutUnit(TimeUnit.MILLISECONDS)
            .setDecompressionSupported(false)
            // chatgpt.com sits behind a CDN that picks the certificate by SNI.
            .setForceSni(true);
    PoolOptions pool = new PoolOptions().setHttp1MaxSize(poolSize);
    return vertx.httpClientBuilder().with(options).with(pool).build();
  }

  /**
   * Runs {@code exchange} (a request and the handlers of its response) on the caller's Vert.x
   * context, or on a context of {@code vertx} when the caller is a plain thread. On a context, the
   * response arrives on it and the handlers set on the response future run in the same task, before
   * its first chunk is dispatched. From a plain thread, the future's handlers were attached while
   * the event loop already ran the exchange: a short body could be dispatched, with nobody
   * listening, before the handler that reads it was set, and the read then never completed.
   */
  static void startOnContext(Vertx vertx, Runnable exchange) {
    if (Vertx.currentContext() != null) {
      exchange.run();
    } else {
      vertx.getOrCreateContext().runOnContext(ignored -> exchange.run());
    }
  }

  /**
   * A connection or timeout failure as a transient upstream failure (status 0); empty for anything
   * else, which is a bug and must stay a failure. The message names the exception's class only.
   */
  static Optional<UpstreamFailure> unreachable(Throwable error) {
    if (!(error instanceof IOException
        || error instanceof VertxException
        || error instanceof TimeoutException)) {
      return Optional.empty();
    }
    return Optional.of(
        new UpstreamFailure.Transient(
            0,
            "upstream_unreachable",
            "upstream unreachable: " + error.getClass().getSimpleName()));
  }
}
