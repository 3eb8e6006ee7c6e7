package io.codexlb.adapter.http;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.codexlb.adapter.http.admin.AdminRouter;
import io.codexlb.application.CheckReadinessService;
import io.codexlb.port.out.FakeReadinessProbe;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code /health/startup} and {@code /health/live} on both production routers. */
@ExtendWith(VertxExtension.class)
class HealthProbesTest {

  private static final String HOST = "127.0.0.1";

  private Vertx vertx;
  private WebClient client;

  @BeforeEach
  void start(Vertx vertx) {
    this.vertx = vertx;
    client = WebClient.create(vertx);
  }

  @AfterEach
  void stop() {
    client.close();
  }

  @Test
  void startupIs503UntilFirstReadyThen200ForeverOnBothListenersWhileReadinessFollowsTheChecks()
      throws Exception {
    FakeReadinessProbe store = new FakeReadinessProbe("store");
    store.down("store unreachable");
    ServerHealth health =
        new ServerHealth(new CheckReadinessService(Set.of(store)), EventLoopWatchdog.none());
    HttpListener proxy =
        HttpListener.start(
                vertx,
                "proxy",
                HOST,
                0,
                2,
                v -> HttpApi.proxyRouter(v, health, TestProxy.notReady()))
            .await(10, SECONDS);
    HttpListener admin =
        HttpListener.start(
                vertx, "admin", HOST, 0, 2, v -> AdminRouter.create(v, health, TestAdminApi.EMPTY))
            .await(10, SECONDS);
    try {
      HttpResponse<Buffer> starting = get(proxy, "/health/startup");
      assertThat(starting.statusCode()).isEqualTo(503);
      assertThat(starting.bodyAsJsonObject().getJsonObject("checks").getJsonObject("store"))
          .hasToString("{\"status\":\"failing\",\"reason\":\"store unreachable\"}");
      assertThat(get(admin, "/health/startup").statusCode()).isEqualTo(503);
      assertThat(health.started()).isFalse();

      store.up();
      // The first ready answer, on either listener, marks the instance started for both.
      assertThat(get(admin, "/health/startup").statusCode()).isEqualTo(200);
      assertThat(health.started()).isTrue();

      store.down("store unreachable");
      assertThat(get(proxy, "/health/ready").statusCode()).isEqualTo(503);
      HttpResponse<Buffer> started = get(proxy, "/health/startup");
      assertThat(started.statusCode()).isEqualTo(200);
      assertThat(started.bodyAsString()).isEqualTo("{\"status\":\"ok\"}");
      assertThat(get(admin, "/health/startup").statusCode()).isEqualTo(200);
    } finally {
      proxy.shutdown(Duration.ZERO).await(10, SECONDS);
      admin.shutdown(Duration.ZERO).await(10, SECONDS);
    }
  }

  @Test
  void liveIs503NamingABlockedEventLoopAndRecoversWhenItRunsAgain() throws Exception {
    // The watched Vert.x is not the one that serves: its one event loop can be blocked while the
    // listener keeps answering, as another loop of a real server does.
    Vertx watched =
        Vertx.vertx(
            new VertxOptions()
                .setEventLoopPoolSize(1)
                .setBlockedThreadCheckInterval(1)
                .setBlockedThreadCheckIntervalUnit(TimeUnit.HOURS));
    EventLoopWatchdog watchdog =
        EventLoopWatchdog.start(watched, Duration.ofMillis(20), Duration.ofMillis(300));
    ServerHealth health =
        new ServerHealth(
            new CheckReadinessService(Set.of(new FakeReadinessProbe("store"))), watchdog);
    HttpListener proxy =
        HttpListener.start(
                vertx,
                "proxy",
                HOST,
                0,
                1,
                v -> HttpApi.proxyRouter(v, health, TestProxy.notReady()))
            .await(10, SECONDS);
    CountDownLatch release = new CountDownLatch(1);
    try {
      assertThat(watchdog.loopCount()).isEqualTo(1);
      assertThat(get(proxy, "/health/live").bodyAsString()).isEqualTo("{\"status\":\"ok\"}");

      Context loop = watched.getOrCreateContext();
      loop.runOnContext(
          ignored -> {
            try {
              release.await(60, SECONDS);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          });

      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () -> {
                HttpResponse<Buffer> response = get(proxy, "/health/live");
                assertThat(response.statusCode()).isEqualTo(503);
                assertThat(
                        response
                            .bodyAsJsonObject()
                            .getJsonObject("checks")
                            .getJsonObject("event_loops")
                            .getString("reason"))
                    .startsWith("event loop 0 has not run a task for");
              });
      // Liveness is not readiness: the store is fine, so the instance stays ready.
      assertThat(get(proxy, "/health/ready").statusCode()).isEqualTo(200);

      release.countDown();
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(() -> assertThat(get(proxy, "/health/live").statusCode()).isEqualTo(200));
    } finally {
      release.countDown();
      watchdog.close();
      proxy.shutdown(Duration.ZERO).await(10, SECONDS);
      watched.close().await(10, SECONDS);
    }
  }

  @Test
  void aWatchdogOfNoLoopsIsNeverStalled() {
    try (EventLoopWatchdog none = EventLoopWatchdog.none()) {
      assertThat(none.loopCount()).isZero();
      assertThat(none.stalled()).isEmpty();
    }
  }

  private HttpResponse<Buffer> get(HttpListener target, String uri) throws Exception {
    return client.get(target.port(), HOST, uri).send().await(10, SECONDS);
  }
}
