package io.codexlb.adapter.http.admin;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import io.codexlb.adapter.http.BodyBudget;
import io.codexlb.adapter.http.HttpListener;
import io.codexlb.application.DrainService;
import io.codexlb.domain.health.ReadinessReport;
import io.codexlb.port.in.CheckReadinessUseCase;
import io.codexlb.port.out.FakeInstanceLifecycle;
import io.codexlb.port.out.InMemoryAuditLogRepository;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class DrainRoutesTest {

  private static final String HOST = "127.0.0.1";
  private static final CheckReadinessUseCase READY =
      () -> CompletableFuture.completedFuture(ReadinessReport.of(Map.of()));

  private final FakeInstanceLifecycle lifecycle =
      new FakeInstanceLifecycle(Duration.ofSeconds(5), Duration.ofSeconds(30));
  private final InMemoryAuditLogRepository auditLogs = new InMemoryAuditLogRepository();
  private WebClient client;
  private HttpListener listener;

  @BeforeEach
  void start(Vertx vertx) throws Exception {
    client = WebClient.create(vertx);
    Clock clock = Clock.fixed(Instant.parse("2026-12-07T01:00:00Z"), ZoneOffset.UTC);
    AdminApi admin =
        new AdminApi(
            new LoopbackOnlyGate(),
            Set.of(
                new DrainRoutes(new DrainService(lifecycle, () -> Optional.of(auditLogs)), clock)),
            new BodyBudget(64L << 20),
            "1.2.3");
    listener =
        HttpListener.start(vertx, "admin", HOST, 0, 1, v -> AdminRouter.create(v, READY, admin))
            .await(10, SECONDS);
  }

  @AfterEach
  void stop() throws Exception {
    client.close();
    listener.shutdown(Duration.ZERO).await(10, SECONDS);
  }

  @Test
  void postDrainsOnceAnswersWhatItDidAndIsAudited() throws Exception {
    HttpResponse<Buffer> first = post();
    HttpResponse<Buffer> second = post();

    assertThat(first.statusCode()).isEqualTo(202);
    assertThat(first.bodyAsJsonObject())
        .isEqualTo(
            new JsonObject()
                .put("status", "draining")
                .put("already_draining", false)
                .put("trigger", "admin")
                .put("settle_seconds", 5)
                .put("grace_seconds", 30));
    assertThat(second.statusCode()).isEqualTo(202);
    assertThat(second.bodyAsJsonObject().getBoolean("already_draining")).isTrue();
    assertThat(lifecycle.draining()).isTrue();
    assertThat(auditLogs.all())
        .hasSize(2)
        .allSatisfy(entry -> assertThat(entry.action()).isEqualTo("instance.drain"));
    assertThat(auditLogs.all().get(0).at()).isEqualTo(Instant.parse("2026-12-07T01:00:00Z"));
  }

  @Test
  void getIsNotARoute() throws Exception {
    HttpResponse<Buffer> response =
        client.get(listener.port(), HOST, DrainRoutes.PATH).send().await(10, SECONDS);

    assertThat(response.statusCode()).isIn(404, 405);
    assertThat(lifecycle.draining()).isFalse();
  }

  private HttpResponse<Buffer> post() throws Exception {
    return client.post(listener.port(), HOST, DrainRoutes.PATH).send().await(10, SECONDS);
  }
}
