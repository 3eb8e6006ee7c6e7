package io.codexlb.adapter.chatgpt;

import io.codexlb.domain.upstream.UpstreamFailure;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxException;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiFunction;
import java.util.function.Function;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The Vert.x HTTP clients this adapter talks to upstream with, and what their failures mean. */
final class UpstreamHttpClients {

  private static final Logger log = LoggerFactory.getLogger(UpstreamHttpClients.class);

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
   * GETs {@code url} for JSON with {@code headers}, then {@code accept} and a fresh {@code
   * x-request-id}, started on a context (see {@link #startOnContext}). A whole answer, whatever its
   * status, becomes {@code answer(status, body)}; a network failure becomes {@code failed} of what
   * {@link #unreachable} makes of it (logged at DEBUG as {@code what}); anything else, a bug, fails
   * the stage.
   */
  static <T> CompletionStage<T> getJson(
      Vertx vertx,
      HttpClient http,
      String url,
      long idleTimeoutMillis,
      Map<String, List<String>> headers,
      BiFunction<Integer, byte[], T> answer,
      Function<UpstreamFailure, T> failed,
      String what) {
    RequestOptions options =
        new RequestOptions()
            .setMethod(HttpMethod.GET)
            .setAbsoluteURI(url)
            .setIdleTimeout(idleTimeoutMillis);
    Map<String, List<String>> all = new LinkedHashMap<>(headers);
    all.put("accept", List.of("application/json"));
    all.put("x-request-id", List.of(UUID.randomUUID().toString()));
    all.forEach((name, values) -> values.forEach(value -> options.addHeader(name, value)));
    Promise<T> reply = Promise.promise();
    startOnContext(
        vertx,
        () ->
            http.request(options)
                .compose(HttpClientRequest::send)
                .compose(
                    response -> {
                      int status = response.statusCode();
                      return response.body().map(body -> answer.apply(status, body.getBytes()));
                    })
                .recover(
                    error -> {
                      Optional<UpstreamFailure> failure = unreachable(error);
                      if (failure.isEmpty()) {
                        return Future.failedFuture(error);
                      }
                      log.debug("{}: {}", what, failure.get().message());
                      return Future.succeededFuture(failed.apply(failure.get()));
                    })
                .onComplete(reply));
    return reply.future().toCompletionStage();
  }

  /**
   * A network failure as the refusal it is, empty for anything else (a bug, which must stay a
   * failure). Failing to reach upstream at all (the connection refused or unroutable, the host name
   * not resolving, the TLS handshake failing, connecting timing out) is {@link
   * UpstreamFailure.Unreachable}: upstream's outage, not the account's. Other I/O failures and
   * timeouts once connected (the connection closed before an answer, no answer within the idle
   * timeout) are {@link UpstreamFailure.Transient} with status 0: the request went out and upstream
   * did not answer it. The message names the exception's class only (its text may hold a URL).
   */
  static Optional<UpstreamFailure> unreachable(Throwable error) {
    Optional<UpstreamFailure.Unreachable.Cause> cause = networkCause(error);
    if (cause.isPresent()) {
      return Optional.of(
          new UpstreamFailure.Unreachable(
              cause.get(), "upstream unreachable: " + rootName(error, cause.get())));
    }
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

  /** Which step of reaching upstream failed, looking through the causes; empty when none did. */
  private static Optional<UpstreamFailure.Unreachable.Cause> networkCause(Throwable error) {
    int depth = 0;
    for (Throwable at = error; at != null && depth < 8; at = at.getCause(), depth++) {
      if (at instanceof SSLException) {
        return Optional.of(UpstreamFailure.Unreachable.Cause.TLS);
      }
      if (at instanceof UnknownHostException) {
        return Optional.of(UpstreamFailure.Unreachable.Cause.DNS);
      }
      if (at instanceof ConnectException) {
        // Netty's ConnectTimeoutException is a ConnectException; matched by name, since this
        // adapter does not depend on Netty directly.
        return Optional.of(
            at.getClass().getSimpleName().contains("Timeout")
                ? UpstreamFailure.Unreachable.Cause.CONNECT_TIMEOUT
                : UpstreamFailure.Unreachable.Cause.REFUSED);
      }
      if (at instanceof NoRouteToHostException) {
        return Optional.of(UpstreamFailure.Unreachable.Cause.REFUSED);
      }
    }
    return Optional.empty();
  }

  /** The simple class name of the exception that says what failed. */
  private static String rootName(Throwable error, UpstreamFailure.Unreachable.Cause cause) {
    int depth = 0;
    for (Throwable at = error; at != null && depth < 8; at = at.getCause(), depth++) {
      if (at instanceof SSLException
          || at instanceof UnknownHostException
          || at instanceof ConnectException
          || at instanceof NoRouteToHostException) {
        return at.getClass().getSimpleName();
      }
    }
    return cause.code();
  }
}
