package io.codexlb.adapter.oauth;

import static java.util.Objects.requireNonNull;

import io.codexlb.port.out.OAuthCallback;
import io.codexlb.port.out.OAuthCallbackListener;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import java.net.BindException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The browser login's callback listener: a Vert.x HTTP server on {@code host:port} that answers
 * {@code GET /auth/callback} and nothing else, bound only while a flow is pending. Every answer
 * closes its connection, and a close asked for while a callback is being answered waits for that
 * page to be written, so the port is released as soon as the flow ends.
 */
public final class VertxOAuthCallbackListener implements OAuthCallbackListener {

  /** The path OpenAI redirects to. */
  public static final String CALLBACK_PATH = "/auth/callback";

  /** How many times a port found in use is tried before it is reported busy. */
  static final int BIND_ATTEMPTS = 10;

  /** The pause between two tries of a port found in use. */
  static final Duration BIND_RETRY_DELAY = Duration.ofMillis(100);

  private static final Logger log = LoggerFactory.getLogger(VertxOAuthCallbackListener.class);

  private final Vertx vertx;
  private final String host;
  private final int port;

  /**
   * @param vertx where the server runs
   * @param host the address to bind ({@code CODEX_LB_OAUTH_CALLBACK_HOST})
   * @param port the port to bind ({@code CODEX_LB_OAUTH_CALLBACK_PORT}); 0 picks one (tests)
   */
  public VertxOAuthCallbackListener(Vertx vertx, String host, int port) {
    this.vertx = requireNonNull(vertx, "vertx");
    this.host = requireNonNull(host, "host");
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException("port: " + port + " (expected: 0..65535)");
    }
    this.port = port;
  }

  @Override
  public CompletionStage<Opening> open(Handler handler, Duration lifetime) {
    requireNonNull(handler, "handler");
    requireNonNull(lifetime, "lifetime");
    return bind(handler, lifetime, BIND_ATTEMPTS).toCompletionStage();
  }

  /**
   * Binds the port, trying again for a short while when it is in use. The usual holder is the
   * listener of the flow this one supersedes: its close has completed, but on a loaded machine the
   * socket was seen still bound a moment later, and a newer login must not be refused for that. A
   * port held by someone else is still reported, after {@link #BIND_RETRY_DELAY} times the
   * attempts.
   */
  private Future<Opening> bind(Handler handler, Duration lifetime, int attemptsLeft) {
    // HTTP/1.1 only, as the proxy's listeners: a browser never asks for h2c, and a client that
    // upgrades would get GOAWAY instead of its page when the flow's end closes the listener.
    HttpServer server =
        vertx.createHttpServer(
            new HttpServerOptions().setHost(host).setPort(port).setHttp2ClearTextEnabled(false));
    Listener listener = new Listener(handler, server);
    server.requestHandler(listener::serve);
    return server
        .listen()
        .<Opening>map(
            bound -> {
              listener.started(lifetime);
              log.info("OAuth callback listener open on {}:{}", host, bound.actualPort());
              return new Listening(listener);
            })
        .recover(
            error -> {
              if (!inUse(error)) {
                return Future.failedFuture(error);
              }
              if (attemptsLeft <= 1) {
                return Future.succeededFuture(new PortInUse(port));
              }
              return vertx
                  .timer(BIND_RETRY_DELAY.toMillis())
                  .compose(ignored -> bind(handler, lifetime, attemptsLeft - 1));
            });
  }

  private static boolean inUse(Throwable error) {
    for (Throwable cause = error; cause != null; cause = cause.getCause()) {
      String message = String.valueOf(cause.getMessage());
      if (cause instanceof BindException || message.contains("Address already in use")) {
        return true;
      }
    }
    return false;
  }

  private final class Listener implements Open {
    private final Handler handler;
    private final AtomicInteger answering = new AtomicInteger();
    private final AtomicBoolean closeAsked = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final CompletableFuture<Void> done = new CompletableFuture<>();
    private final HttpServer server;
    private volatile long timer = -1;

    Listener(Handler handler, HttpServer server) {
      this.handler = handler;
      this.server = server;
    }

    void started(Duration lifetime) {
      timer =
          vertx.setTimer(
              Math.max(1, lifetime.toMillis()),
              id -> {
                close();
                handler.expired();
              });
    }

    void serve(HttpServerRequest request) {
      request.response().putHeader("connection", "close");
      if (!CALLBACK_PATH.equals(request.path())) {
        request.response().setStatusCode(404).end();
        return;
      }
      Map<String, String> query = new HashMap<>();
      request.params().forEach(entry -> query.putIfAbsent(entry.getKey(), entry.getValue()));
      answering.incrementAndGet();
      handler
          .callback(OAuthCallback.of(query))
          .whenComplete(
              (page, error) ->
                  vertx.runOnContext(
                      ignored -> {
                        if (error != null) {
                          log.warn("OAuth callback failed", error);
                        }
                        boolean ok = error == null && page.success();
                        String text =
                            error == null ? page.message() : "Login failed; see the server log.";
                        request
                            .response()
                            .setStatusCode(ok ? 200 : 400)
                            .putHeader("content-type", "text/html; charset=utf-8")
                            .end(page(ok, text))
                            .onComplete(
                                ended -> {
                                  answering.decrementAndGet();
                                  if (closeAsked.get()) {
                                    shutDown();
                                  }
                                });
                      }));
    }

    @Override
    public String redirectUri() {
      return "http://localhost:" + server.actualPort() + CALLBACK_PATH;
    }

    @Override
    public CompletionStage<Void> close() {
      closeAsked.set(true);
      if (answering.get() == 0) {
        shutDown();
      }
      return done;
    }

    private void shutDown() {
      if (!closed.compareAndSet(false, true)) {
        return;
      }
      vertx.cancelTimer(timer);
      server
          .close()
          .onComplete(
              result -> {
                log.info("OAuth callback listener closed");
                if (result.succeeded()) {
                  done.complete(null);
                } else {
                  done.completeExceptionally(result.cause());
                }
              });
    }
  }

  private static String page(boolean ok, String message) {
    String escaped = message.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    return "<!doctype html><html><head><meta charset=\"utf-8\"><title>codex-lb login</title>"
        + "</head><body><h1>"
        + (ok ? "Logged in" : "Login failed")
        + "</h1><p>"
        + escaped
        + "</p></body></html>";
  }
}
