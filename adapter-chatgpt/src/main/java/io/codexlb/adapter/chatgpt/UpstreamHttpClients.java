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
