package io.codexlb.adapter.http;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.codexlb.adapter.http.admin.AdminRouter;
import io.codexlb.domain.health.ReadinessReport;
import io.codexlb.port.in.CheckReadinessUseCase;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClosedException;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetSocket;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.SocketException;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class HttpListenerTest {

  private static final String HOST = "127.0.0.1";

  private static final CheckReadinessUseCase READY =
      () -> CompletableFuture.completedFuture(ReadinessReport.of(Map.of()));

  private Vertx vertx;
  private WebClient client;

  @BeforeEach
  void setUp(Vertx vertx) {
    this.vertx = vertx;
    client = WebClient.create(vertx);
  }

  @AfterEach
  void tearDown() {
    client.close();
  }

  @Test
  void reportsItsNameActualPortAndUrl() throws Exception {
    HttpListener listener = start(0, 1, v -> HttpApi.proxyRouter(v, READY, TestProxy.notReady()));

    assertThat(listener.name()).isEqualTo("test");
    assertThat(listener.port()).isPositive();
    assertThat(listener.url()).isEqualTo("http://127.0.0.1:" + listener.port());
    assertThat(get(listener.port(), "/health").statusCode()).isEqualTo(200);
    listener.shutdown(Duration.ZERO).await(10, SECONDS);
  }

  @Test
  void portZeroWithTwoInstancesServesBothOnOneActualPort() throws Exception {
    AtomicInteger routers = new AtomicInteger();
    HttpListener listener =
        start(
            0,
            2,
            v -> {
              String instance = String.valueOf(routers.getAndIncrement());
              Router router = HttpApi.baseRouter(v, READY);
              router.get("/instance").handler(ctx -> ctx.response().end(instance));
              return router;
            });

    // Vert.x hands each new connection to the next instance in turn.
    WebClient oneConnectionPerRequest =
        WebClient.create(vertx, new WebClientOptions().setKeepAlive(false));
    Set<String> served = new HashSet<>();
    try {
      for (int i = 0; i < 10 && served.size() < 2; i++) {
        served.add(
            oneConnectionPerRequest
                .get(listener.port(), HOST, "/instance")
                .send()
                .await(10, SECONDS)
                .bodyAsString());
      }
    } finally {
      oneConnectionPerRequest.close();
    }

    assertThat(routers).hasValue(2);
    assertThat(served).containsExactlyInAnyOrder("0", "1");
    listener.shutdown(Duration.ZERO).await(10, SECONDS);
  }

  @Test
  void twoListenersOnPortZeroGetPortsOfTheirOwn() throws Exception {
    HttpListener first = start(0, 2, v -> HttpApi.proxyRouter(v, READY, TestProxy.notReady()));
    HttpListener second = start(0, 2, v -> AdminRouter.create(v, READY, TestAdminApi.EMPTY));

    assertThat(second.port()).isNotEqualTo(first.port());
    first.shutdown(Duration.ZERO).await(10, SECONDS);
    second.shutdown(Duration.ZERO).await(10, SECONDS);
  }

  @Test
  void secondListenerOnTheSamePortFailsWithBindExceptionAndLeavesNothingDeployed()
      throws Exception {
    HttpListener first =
        start(freePort(), 2, v -> HttpApi.proxyRouter(v, READY, TestProxy.notReady()));
    Set<String> deployedBefore = Set.copyOf(vertx.deploymentIDs());

    Future<HttpListener> second =
        HttpListener.start(
            vertx,
            "second",
            HOST,
            first.port(),
            2,
            v -> AdminRouter.create(v, READY, TestAdminApi.EMPTY));

    assertThatThrownBy(() -> second.await(10, SECONDS))
        .hasMessageContaining("second")
        .hasRootCauseInstanceOf(BindException.class);
    assertThat(vertx.deploymentIDs()).isEqualTo(deployedBefore);
    // The first listener is untouched and still the only one on its port.
    assertThat(get(first.port(), "/health").statusCode()).isEqualTo(200);
    first.shutdown(Duration.ZERO).await(10, SECONDS);
  }

  @Test
  void portHeldElsewhereFailsWithBindExceptionAndLeavesNothingDeployed() throws Exception {
    try (ServerSocket elsewhere = new ServerSocket()) {
      elsewhere.bind(new InetSocketAddress(InetAddress.getByName(HOST), 0));

      Future<HttpListener> started =
          HttpListener.start(
              vertx,
              "test",
              HOST,
              elsewhere.getLocalPort(),
              2,
              v -> HttpApi.proxyRouter(v, READY, TestProxy.notReady()));

      assertThatThrownBy(() -> started.await(10, SECONDS))
          .hasMessageContaining("test")
          .hasMessageContaining(HOST + ":" + elsewhere.getLocalPort())
          .hasRootCauseInstanceOf(BindException.class);
      assertThat(vertx.deploymentIDs()).isEmpty();
    }
  }

  @Test
  void portIsFreeAgainAfterShutdown() throws Exception {
    HttpListener first =
        start(freePort(), 1, v -> HttpApi.proxyRouter(v, READY, TestProxy.notReady()));
    first.shutdown(Duration.ZERO).await(10, SECONDS);

    HttpListener again = startOnceReleased(first.port());

    assertThat(get(again.port(), "/health").statusCode()).isEqualTo(200);
    again.shutdown(Duration.ZERO).await(10, SECONDS);
    assertThat(vertx.deploymentIDs()).isEmpty();
  }

  @Test
  void shutdownLetsTheRequestInFlightFinishButRefusesNewConnections() throws Exception {
    CompletableFuture<Void> slowRequestArrived = new CompletableFuture<>();
    CompletableFuture<Void> releaseSlowRequest = new CompletableFuture<>();
    HttpListener listener = start(0, 1, v -> slowRouter(v, slowRequestArrived, releaseSlowRequest));
    Future<HttpResponse<Buffer>> inFlight = client.get(listener.port(), HOST, "/slow").send();
    slowRequestArrived.get(10, SECONDS);

    Future<Void> shutdown = listener.shutdown(Duration.ofSeconds(10));

    // Refused, or reset when the handshake had completed in the backlog as the port was released.
    assertThat(newConnectionFailure(listener.port())).isInstanceOf(SocketException.class);
    assertThat(inFlight.isComplete()).isFalse();
    assertThat(shutdown.isComplete()).isFalse();

    releaseSlowRequest.complete(null);

    HttpResponse<Buffer> response = inFlight.await(10, SECONDS);
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.bodyAsString()).isEqualTo("finished");
    shutdown.await(10, SECONDS);
    assertThat(vertx.deploymentIDs()).isEmpty();
  }

  @Test
  void shutdownClosesWhatIsStillInFlightWhenTheGracePeriodEnds() throws Exception {
    CompletableFuture<Void> slowRequestArrived = new CompletableFuture<>();
    HttpListener listener =
        start(0, 1, v -> slowRouter(v, slowRequestArrived, new CompletableFuture<>()));
    Future<HttpResponse<Buffer>> neverAnswered = client.get(listener.port(), HOST, "/slow").send();
    slowRequestArrived.get(10, SECONDS);

    listener.shutdown(Duration.ofMillis(100)).await(10, SECONDS);

    assertThatThrownBy(() -> neverAnswered.await(10, SECONDS))
        .isInstanceOf(HttpClosedException.class);
    assertThat(vertx.deploymentIDs()).isEmpty();
  }

  @Test
  void shutdownTwiceReturnsTheSameFuture() throws Exception {
    HttpListener listener = start(0, 1, v -> HttpApi.proxyRouter(v, READY, TestProxy.notReady()));

    Future<Void> first = listener.shutdown(Duration.ZERO);
    Future<Void> second = listener.shutdown(Duration.ofSeconds(5));

    assertThat(second).isSameAs(first);
    first.await(10, SECONDS);
  }

  @Test
  void startFailureTurnsANativeAddressInUseErrorIntoABindException() {
    IOException nativeError = new IOException("bind(..) failed: Address already in use");

    Exception failure = HttpListener.startFailure("proxy", HOST, 2455, nativeError);

    assertThat(failure).hasMessage("Listener 'proxy' could not start on 127.0.0.1:2455");
    assertThat(failure.getCause()).isInstanceOf(BindException.class).hasCause(nativeError);
  }

  @Test
  void startFailureKeepsOtherCausesAsTheyAre() {
    IllegalStateException other = new IllegalStateException("router factory broke");

    assertThat(HttpListener.startFailure("proxy", HOST, 2455, other)).hasCause(other);
  }

  @Test
  void rejectsInvalidArguments() {
    Function<Vertx, Router> router = v -> HttpApi.proxyRouter(v, READY, TestProxy.notReady());

    assertThatThrownBy(() -> HttpListener.start(vertx, " ", HOST, 0, 1, router))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> HttpListener.start(vertx, "test", HOST, 65536, 1, router))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> HttpListener.start(vertx, "test", HOST, 0, 0, router))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private HttpListener start(int port, int instances, Function<Vertx, Router> routerFactory)
      throws Exception {
    return HttpListener.start(vertx, "test", HOST, port, instances, routerFactory)
        .await(10, SECONDS);
  }

  /**
   * Starts a listener on a port that was just shut down. The JDK closes a listening socket that is
   * registered with a selector only at the acceptor's next select, a moment after the close has
   * completed, so an attempt may find the port still bound; a claim never released would fail every
   * attempt (the last failure is the timeout's cause).
   */
  private HttpListener startOnceReleased(int port) {
    return await()
        .ignoreExceptions()
        .until(
            () -> start(port, 1, v -> HttpApi.proxyRouter(v, READY, TestProxy.notReady())),
            Objects::nonNull);
  }

  private HttpResponse<Buffer> get(int port, String uri) throws Exception {
    return client.get(port, HOST, uri).send().await(10, SECONDS);
  }

  /**
   * A router whose {@code /slow} route answers only when the test releases it, so the request is
   * certainly in flight for as long as the test needs.
   */
  private static Router slowRouter(
      Vertx vertx, CompletableFuture<Void> arrived, CompletableFuture<Void> release) {
    Router router = HttpApi.baseRouter(vertx, READY);
    router
        .get("/slow")
        .handler(
            ctx -> {
              arrived.complete(null);
              Future.fromCompletionStage(release, ctx.vertx().getOrCreateContext())
                  .onSuccess(released -> ctx.response().end("finished"));
            });
    return router;
  }

  /**
   * How a new connection to {@code port} fails. The port is released on the acceptor thread just
   * after shutdown starts, so an attempt that still gets through is closed and retried.
   */
  private Throwable newConnectionFailure(int port) {
    NetClient net = vertx.createNetClient();
    Context eventLoop = vertx.getOrCreateContext();
    try {
      return await()
          .alias("a refused connection to port " + port)
          .until(() -> connectionFailure(net, eventLoop, port), Optional::isPresent)
          .orElseThrow();
    } finally {
      net.close();
    }
  }

  /** How one connection attempt to {@code port} failed; empty when it got through. */
  private static Optional<Throwable> connectionFailure(NetClient net, Context eventLoop, int port)
      throws TimeoutException {
    // Connecting from the event loop lets the handler below see the socket before any event on it:
    // one that got through may be reset by the server as the port is released.
    Future<NetSocket> attempt =
        Future.future(
            promise ->
                eventLoop.runOnContext(
                    ignored ->
                        net.connect(port, HOST)
                            .andThen(
                                connected -> {
                                  if (connected.succeeded()) {
                                    connected.result().exceptionHandler(reset -> {}).close();
                                  }
                                })
                            .onComplete(promise)));
    try {
      attempt.await(10, SECONDS);
      return Optional.empty();
    } catch (TimeoutException e) {
      throw e;
    } catch (Exception refused) {
      return Optional.of(refused);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
