package io.codexlb.benchmarks.load;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.PoolOptions;
import java.util.concurrent.CompletionStage;

/**
 * The harness's HTTP/1.1 client: a pool of keep-alive connections of which each request takes one
 * (requests wait in the pool's queue when all are busy), reporting each request to its {@link
 * ResponseListener}.
 */
final class LoadClient {

  private static final int CONNECT_TIMEOUT_MILLIS = 30_000;

  private final HttpClient http;

  /** A client keeping at most {@code connections} connections open. */
  LoadClient(Vertx vertx, int connections) {
    HttpClientOptions options =
        new HttpClientOptions()
            .setKeepAlive(true)
            .setTcpNoDelay(true)
            .setConnectTimeout(CONNECT_TIMEOUT_MILLIS)
            .setDecompressionSupported(false);
    PoolOptions pool = new PoolOptions().setHttp1MaxSize(connections).setMaxWaitQueueSize(-1);
    this.http = vertx.httpClientBuilder().with(options).with(pool).build();
  }

  /**
   * Sends one request to {@code endpoint}. Call it on a Vert.x context, so that the response's
   * handlers are set in the task that receives it, before its first chunk is dispatched.
   */
  void send(Endpoint endpoint, ResponseListener listener) {
    Once once = new Once(listener);
    http.request(endpoint.requestOptions())
        .compose(request -> request.send(endpoint.bodyBuffer()))
        .onComplete(
            sent -> {
              if (sent.failed()) {
                once.failed();
              } else {
                listen(sent.result(), once);
              }
            });
  }

  private static void listen(HttpClientResponse response, Once once) {
    int status = response.statusCode();
    response.handler(chunk -> once.firstByte());
    response.exceptionHandler(error -> once.failed());
    response.endHandler(ignored -> once.ended(status));
  }

  /** Closes every connection; open requests fail. */
  CompletionStage<Void> close() {
    return http.close().toCompletionStage();
  }

  /** Reports each event at most once, whatever order Vert.x calls the handlers in. */
  private static final class Once {
    private final ResponseListener listener;
    private boolean sawFirstByte;
    private boolean done;

    Once(ResponseListener listener) {
      this.listener = listener;
    }

    void firstByte() {
      if (!sawFirstByte && !done) {
        sawFirstByte = true;
        listener.firstByte(System.nanoTime());
      }
    }

    void ended(int status) {
      if (!done) {
        done = true;
        listener.ended(status, System.nanoTime());
      }
    }

    void failed() {
      if (!done) {
        done = true;
        listener.failed(System.nanoTime());
      }
    }
  }
}
