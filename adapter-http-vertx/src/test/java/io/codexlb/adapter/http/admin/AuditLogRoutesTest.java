package io.codexlb.adapter.http.admin;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import io.codexlb.adapter.http.BodyBudget;
import io.codexlb.adapter.http.HttpListener;
import io.codexlb.application.ListAuditLogsService;
import io.codexlb.domain.health.ReadinessReport;
import io.codexlb.port.in.CheckReadinessUseCase;
import io.codexlb.port.out.AuditEntry;
import io.codexlb.port.out.InMemoryAuditLogRepository;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class AuditLogRoutesTest {

  private static final String HOST = "127.0.0.1";
  private static final Instant T = Instant.parse("2026-11-27T12:00:00Z");
  private static final CheckReadinessUseCase READY =
      () -> CompletableFuture.completedFuture(ReadinessReport.of(Map.of()));

  private final InMemoryAuditLogRepository log = new InMemoryAuditLogRepository();
  private WebClient client;
  private HttpListener listener;

  @BeforeEach
  void start(Vertx vertx) throws Exception {
    for (int i = 0; i < 5; i++) {
      log.append(
              new AuditEntry(
                  0,
                  T.plusSeconds(i),
                  "local",
                  "127.0.0.1",
                  i % 2 == 0 ? "api_key.update" : "account.pause",
                  Optional.of("t" + i),
                  Optional.of("{\"is_active\":true}"),
                  Optional.empty()))
          .toCompletableFuture()
          .join();
    }
    client = WebClient.create(vertx);
    AdminApi admin =
        new AdminApi(
            new LoopbackOnlyGate(),
            Set.of(new AuditLogRoutes(new ListAuditLogsService(log))),
            new BodyBudget(64L << 20),
            "t");
    listener =
        HttpListener.start(vertx, "admin", HOST, 0, 1, v -> AdminRouter.create(v, READY, admin))
            .await(10, SECONDS);
  }

  @AfterEach
  void stop() throws Exception {
    client.close();
    listener.shutdown(Duration.ZERO).await(10, SECONDS);
  }

  private HttpResponse<Buffer> get(String path) throws Exception {
    return client.get(listener.port(), HOST, path).send().await(10, SECONDS);
  }

  @Test
  void pagesNewestFirstByCursorWithTheEntriesJsonEmbedded() throws Exception {
    JsonObject first = get("/api/audit-logs?limit=3").bodyAsJsonObject();
    JsonArray entries = first.getJsonArray("entries");

    assertThat(entries).hasSize(3);
    assertThat(entries.getJsonObject(0).getString("target_id")).isEqualTo("t4");
    assertThat(entries.getJsonObject(0).getJsonObject("before").getBoolean("is_active")).isTrue();
    assertThat(entries.getJsonObject(0).getValue("after")).isNull();
    String cursor = first.getString("next_cursor");

    JsonObject second = get("/api/audit-logs?limit=3&cursor=" + cursor).bodyAsJsonObject();

    assertThat(second.getJsonArray("entries")).hasSize(2);
    assertThat(second.getJsonArray("entries").getJsonObject(1).getString("target_id"))
        .isEqualTo("t0");
    assertThat(second.getValue("next_cursor")).isNull();
  }

  @Test
  void filtersByActionAndTime() throws Exception {
    JsonArray pauses =
        get("/api/audit-logs?action=account.pause").bodyAsJsonObject().getJsonArray("entries");
    JsonArray window =
        get("/api/audit-logs?since=2026-11-27T12:00:01Z&until=2026-11-27T12:00:03Z")
            .bodyAsJsonObject()
            .getJsonArray("entries");

    assertThat(pauses).hasSize(2);
    assertThat(window).hasSize(2);
    assertThat(window.getJsonObject(0).getString("target_id")).isEqualTo("t2");
  }

  @Test
  void badParametersAre400NamingThem() throws Exception {
    for (String query :
        new String[] {"limit=0", "limit=x", "since=yesterday", "cursor=z", "sort=asc"}) {
      HttpResponse<Buffer> response = get("/api/audit-logs?" + query);
      assertThat(response.statusCode()).as(query).isEqualTo(400);
      assertThat(response.bodyAsJsonObject().getJsonObject("error").getString("message"))
          .contains(query.substring(0, query.indexOf('=')));
    }
  }
}
