package io.codexlb.adapter.http;

import static java.util.Objects.requireNonNull;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.VertxException;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.shareddata.LocalMap;
import io.vertx.ext.web.Router;
import java.io.IOException;
import java.net.BindException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One HTTP listener (the proxy API or the admin API): several verticle instances, each with its own
 * {@link Router} and HTTP server, sharing one port so that requests spread over event loops.
 *
 * <p>{@link #start} fails when the port cannot be bound, with a {@link BindException} in the cause
 * chain (so a caller can tell "port in use" from other failures) and nothing left deployed. A port
 * held by another listener of the same Vert.x instance counts as in use too: Vert.x would otherwise
 * share the socket between the two listeners' routers and spread requests over both.
 *
 * <p>{@link #shutdown} is graceful: the port is released at once, requests in flight may finish
 * within the grace period, and then every connection is closed.
 *
 * <p>The listener speaks HTTP/1.0 and HTTP/1.1 only, and guards each connection before any router
 * sees it: slow clients are timed out ({@link ConnectionLimits}, {@link ConnectionGuard}), and
 * requests that are malformed or ambiguously framed are answered with a 4xx in the error envelope
 * (505 for another HTTP version) and their connection closed ({@link RequestHygiene}). None of that
 * logs more than one line at DEBUG.
 */
public final class HttpListener {

  private static final Logger log = LoggerFactory.getLogger(HttpListener.class);

  /** Local map of the fixed ports in use, per Vert.x instance: "host:port" to listener name. */
  private static final String PORT_CLAIMS = HttpListener.class.getName() + ".ports";

  /**
   * Vert.x lets servers share a random port when they listen on the same negative port: the first
   * picks a free port and the others join it. Each listener on port 0 gets a negative port of its
   * own, so two such listeners never end up sharing one.
   */
  private static final AtomicInteger RANDOM_PORT_GROUPS = new AtomicInteger();

  private final Vertx vertx;
  private final String name;
  private final String host;
  private final int port;
  private final String deploymentId;
  private final AtomicReference<Duration> grace;
  // The host:port this listener claimed in the shared map; null for a random port.
  private final @Nullable String portClaim;

  @GuardedBy("this") private @Nullable Future<Void> stopped;

  private HttpListener(
      Vertx vertx,
      String name,
      String host,
      int port,
      String deploymentId,
      AtomicReference<Duration> grace,
      @Nullable String portClaim) {
    this.vertx = vertx;
    this.name = name;
    this.host = host;
    this.port = port;
    this.deploymentId = deploymentId;
    this.grace = grace;
    this.portClaim = portClaim;
  }

  /**
   * Starts a listener with the {@linkplain ConnectionLimits#DEFAULTS default connection limits}.
   *
   * @see #start(Vertx, String, String, int, int, ConnectionLimits, Function)
   */
  public static Future<HttpListener> start(
      Vertx vertx,
      String name,
      String host,
      int port,
      int instances,
      Function<Vertx, Router> routerFactory) {
    return start(vertx, name, host, port, instances, ConnectionLimits.DEFAULTS, routerFactory);
  }

  /**
   * Starts a listener.
   *
   * @param vertx where to deploy the verticles
   * @param name for logs and messages, such as {@code proxy}
   * @param host the address to bind, such as {@code 127.0.0.1} or {@code 0.0.0.0}
   * @param port the port to bind; 0 for any free port, which {@link #port()} then tells
   * @param instances how many verticles serve the port, at least 1; typically one per core
   * @param limits how long clients may take over each part of a request
   * @param routerFactory makes the router of one verticle; called once per instance, on that
   *     verticle's event loop
   * @return the started listener, or a failure with a {@link BindException} in its cause chain when
   *     the port is in use
   */
  public static Future<HttpListener> start(
      Vertx vertx,
      String name,
      String host,
      int port,
      int instances,
      ConnectionLimits limits,
      Function<Vertx, Router> routerFactory) {
    requireNonNull(vertx, "vertx");
    requireNonNull(limits, "limits");
    requireNonNull(name, "name");
    requireNonNull(host, "host");
    requireNonNull(routerFactory, "routerFactory");
    if (name.isBlank()) {
      throw new IllegalArgumentException("name: blank (expected: a listener name)");
    }
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port: " + port + " (expected: 0 to 65535)");
    }
    if (instances < 1) {
      throw new IllegalArgumentException("instances: " + instances + " (expected: >= 1)");
    }

    LocalMap<String, String> claims = vertx.sharedData().getLocalMap(PORT_CLAIMS);
    String portClaim = port == 0 ? null : host + ":" + port;
    if (portClaim != null) {
      String holder = claims.putIfAbsent(portClaim, name);
      if (holder != null) {
        BindException inUse =
            new BindException(
                "Address already in use: listener '" + holder + "' listens on " + portClaim);
        return Future.failedFuture(startFailure(name, host, port, inUse));
      }
    }

    int listenPort = port == 0 ? nextRandomPortGroup() : port;
    AtomicReference<Duration> grace = new AtomicReference<>(Duration.ZERO);
    List<ServerVerticle> servers = new CopyOnWriteArrayList<>();
    return vertx
        .deployVerticle(
            () -> {
              ServerVerticle server =
                  new ServerVerticle(host, listenPort, limits, routerFactory, grace);
              servers.add(server);
              return server;
            },
            new DeploymentOptions().setInstances(instances))
        .transform(
            deployed -> {
              if (deployed.succeeded()) {
                int actualPort = servers.get(0).actualPort();
                return Future.succeededFuture(
                    new HttpListener(
                        vertx, name, host, actualPort, deployed.result(), grace, portClaim));
              }
              // Vert.x has already undeployed the instances that had started.
              if (portClaim != null) {
                claims.removeIfPresent(portClaim, name);
              }
              return Future.failedFuture(startFailure(name, host, port, deployed.cause()));
            });
  }

  /** The name given at start, such as {@code proxy}. */
  public String name() {
    return name;
  }

  /** The port actually bound: the one asked for, or the one picked when 0 was asked for. */
  public int port() {
    return port;
  }

  /** The base URL of the listener, such as {@code http://127.0.0.1:2455}. */
  public String url() {
    String authority = host.indexOf(':') >= 0 ? "[" + host + "]" : host;
    return "http://" + authority + ":" + port;
  }

  /**
   * Shuts the listener down: stops accepting connections at once, lets requests in flight finish
   * for up to {@code grace}, then closes every connection and undeploys the verticles. Calling it
   * again returns the same future.
   *
   * @param grace how long requests in flight may take to finish; zero closes them at once
   * @return completes when every connection and the listening socket are closed; the operating
   *     system may see the port as bound for a moment longer, since the JDK releases a socket
   *     registered with a selector at that selector's next wake-up
   */
  public synchronized Future<Void> shutdown(Duration grace) {
    requireNonNull(grace, "grace");
    if (grace.isNegative()) {
      throw new IllegalArgumentException("grace: " + grace + " (expected: >= 0)");
    }
    if (stopped == null) {
      // Read by each verticle's stop(), which runs when the deployment is undeployed.
      this.grace.set(grace);
      stopped =
          vertx
              .undeploy(deploymentId)
              .andThen(
                  ignored -> {
                    if (portClaim != null) {
                      vertx
                          .sharedData()
                          .<String, String>getLocalMap(PORT_CLAIMS)
                          .removeIfPresent(portClaim, name);
                    }
                  });
    }
    return stopped;
  }

  @Override
  public String toString() {
    return "HttpListener[" + name + " " + url() + "]";
  }

  private static int nextRandomPortGroup() {
    return -1 - (RANDOM_PORT_GROUPS.getAndIncrement() & 0x3FFF_FFFF);
  }

  /**
   * The start failure, naming the listener and address, with a {@link BindException} in the cause
   * chain whenever the address was in use. The JDK transport reports that as a {@code
   * BindException}; a native transport (epoll, io_uring) reports an {@link IOException} that only
   * says so in its message, which is wrapped here so that callers need to know one type only.
   */
  static VertxException startFailure(String name, String host, int port, Throwable cause) {
    Throwable chained = cause;
    if (!inCauseChain(cause, BindException.class)) {
      for (Throwable t = cause; t != null; t = t.getCause()) {
        if (t instanceof IOException
            && t.getMessage() != null
            && t.getMessage().contains("Address already in use")) {
          BindException inUse = new BindException(t.getMessage());
          inUse.initCause(cause);
          chained = inUse;
          break;
        }
      }
    }
    return new VertxException(
        "Listener '" + name + "' could not start on " + host + ":" + port, chained);
  }

  private static boolean inCauseChain(Throwable failure, Class<? extends Throwable> type) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (type.isInstance(t)) {
        return true;
      }
    }
    return false;
  }

  /** One instance of a listener: an HTTP server with its own router, on its own event loop. */
  private static final class ServerVerticle extends VerticleBase {

    private final String host;
    private final int port;
    private final ConnectionLimits limits;
    private final Function<Vertx, Router> routerFactory;
    private final AtomicReference<Duration> grace;
    private volatile @Nullable HttpServer server;

    ServerVerticle(
        String host,
        int port,
        ConnectionLimits limits,
        Function<Vertx, Router> routerFactory,
        AtomicReference<Duration> grace) {
      this.host = host;
      this.port = port;
      this.limits = limits;
      this.routerFactory = routerFactory;
      this.grace = grace;
    }

    @Override
    public Future<?> start() {
      Router router = requireNonNull(routerFactory.apply(vertx), "routerFactory.apply(vertx)");
      // HTTP/1.x only: no h2c, so that a "PRI * HTTP/2.0" preface is refused like any other
      // unsupported version rather than switching the connection to HTTP/2, which the guard does
      // not watch. The request line and headers keep Vert.x's limits (4096 and 8192 bytes).
      HttpServerOptions options = new HttpServerOptions().setHttp2ClearTextEnabled(false);
      HttpServer server =
          vertx
              .createHttpServer(options)
              .connectionHandler(connection -> ConnectionGuard.install(connection, options, limits))
              .requestHandler(request -> serve(router, request))
              .invalidRequestHandler(ServerVerticle::invalidRequest)
              .exceptionHandler(
                  failure -> log.debug("connection failed: {}", ConnectionGuard.oneLine(failure)));
      this.server = server;
      return server.listen(port, host);
    }

    @Override
    public Future<?> stop() {
      HttpServer server = this.server;
      if (server == null) {
        return Future.succeededFuture();
      }
      // Unbinds now, tells idle connections to close and busy ones to close after their response,
      // and closes whatever is left when the grace period is over.
      // Never null: it starts at zero and shutdown() only ever sets a checked duration.
      Duration period = requireNonNull(grace.get(), "grace");
      return server.shutdown(period.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The port bound; called once the deployment, and so this verticle's start, succeeded. */
    int actualPort() {
      HttpServer started = server;
      if (started == null) {
        throw new IllegalStateException("listener on port " + port + ": not started");
      }
      return started.actualPort();
    }

    /**
     * Hands {@code request} to the router, unless its framing or target cannot be trusted: then it
     * is answered here and its connection closed.
     */
    private static void serve(Router router, HttpServerRequest request) {
      ConnectionGuard guard = ConnectionGuard.of(request);
      if (guard != null) {
        guard.dispatched(request);
      }
      ApiError refusal = RequestHygiene.check(request);
      if (refusal != null) {
        refuse(request, refusal, refusal.message());
        return;
      }
      router.handle(request);
    }

    /**
     * A request too malformed to decode: answered in the envelope with a request id, like every
     * other response, and its connection closed; one line at DEBUG, never a stack trace.
     */
    private static void invalidRequest(HttpServerRequest request) {
      Throwable cause = request.decoderResult().cause();
      refuse(
          request,
          RequestHygiene.invalid(request),
          cause == null ? "malformed request" : ConnectionGuard.oneLine(cause));
    }

    private static void refuse(HttpServerRequest request, ApiError refusal, String why) {
      log.debug("request from {} refused: {}", request.remoteAddress(), why);
      String requestId = ErrorResponses.sendAndClose(request, refusal);
      AccessLogHandler.logUnrouted(request, refusal.status(), requestId);
    }
  }
}
