package io.codexlb.adapter.http.admin;

import static io.codexlb.port.out.Stages.await;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import io.codexlb.adapter.http.BodyBudget;
import io.codexlb.adapter.http.HttpListener;
import io.codexlb.application.ManageStickySessionsService;
import io.codexlb.domain.account.AccountId;
import io.codexlb.domain.health.ReadinessReport;
import io.codexlb.domain.sticky.StickyKey;
import io.codexlb.domain.sticky.StickyPin;
import io.codexlb.port.in.CheckReadinessUseCase;
import io.codexlb.port.in.ManageStickySessionsUseCase;
import io.codexlb.port.out.InMemoryStickySessionRepository;
import io.codexlb.port.out.InProcessStoreChangePublisher;
import io.codexlb.port.out.MovableClock;
import io.codexlb.port.out.StoreChange;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class StickySessionsRoutesTest {

  private static final String HOST = "127.0.0.1";
  private static final Instant NOW = Instant.parse("2026-12-06T12:00:00Z");
  private static final CheckReadinessUseCase READY =
      () -> CompletableFuture.completedFuture(ReadinessReport.of(Map.of()));

  private final InMemoryStickySessionRepository pins = new InMemoryStickySessionRepository();
  private final InProcessStoreChangePublisher changes = new InProcessStoreChangePublisher();
  private final List<StoreChange> announced = new CopyOnWriteArrayList<>();
  private final AtomicBoolean storeOpen = new AtomicBoolean(true);
  private final ManageStickySessionsUseCase service =
      new ManageStickySessionsService(pins, changes, new MovableClock(NOW));

  private WebClient client;
  private HttpListener listener;

  @BeforeEach
  void start(Vertx vertx) throws Exception {
    changes.subscribe(announced::add);
    client = WebClient.create(vertx);
    AdminApi admin =
        new AdminApi(
            new LoopbackOnlyGate(),
            Set.of(
                new StickySessionsRoutes(
                    () -> storeOpen.get() ? Optional.of(service) : Optional.empty())),
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

  private void stored(String key, String account, long secondsFromNow) {
    await(
        pins.saveAll(
            List.of(
                new StickyPin(
                    new StickyKey(key), new AccountId(account), NOW.plusSeconds(secondsFromNow)))));
  }

  private HttpResponse<Buffer> get(String uri) throws Exception {
    return client.get(listener.port(), HOST, uri).send().await(10, SECONDS);
  }

  private HttpResponse<Buffer> delete(String uri) throws Exception {
    return client.delete(listener.port(), HOST, uri).send().await(10, SECONDS);
  }

  private HttpResponse<Buffer> post(String uri, String body) throws Exception {
    return client
        .post(listener.port(), HOST, uri)
        .putHeader("Content-Type", "application/json")
        .sendBuffer(Buffer.buffer(body))
        .await(10, SECONDS);
  }

  private static String code(HttpResponse<Buffer> response) {
    return response.bodyAsJsonObject().getJsonObject("error").getString("code");
  }

  @Test
  void listsTheLivePinsByKeyPageByPage() throws Exception {
    stored("conv-a", "acct-1", 60);
    stored("conv-b", "acct-2", 120);
    stored("conv-c", "acct-1", 180);
    stored("conv-old", "acct-1", -1);

    HttpResponse<Buffer> first = get("/api/sticky-sessions?limit=2");

    assertThat(first.statusCode()).isEqualTo(200);
    JsonObject page = first.bodyAsJsonObject();
    JsonArray sessions = page.getJsonArray("sticky_sessions");
    assertThat(sessions.size()).isEqualTo(2);
    assertThat(sessions.getJsonObject(0).getMap())
        .containsEntry("key", "conv-a")
        .containsEntry("account_id", "acct-1")
        .containsEntry("expires_at", NOW.plusSeconds(60).toString());
    assertThat(page.getString("next")).isEqualTo("conv-b");

    JsonObject second = get("/api/sticky-sessions?limit=2&after=conv-b").bodyAsJsonObject();
    assertThat(second.getJsonArray("sticky_sessions").getJsonObject(0).getString("key"))
        .isEqualTo("conv-c");
    assertThat(second.getJsonArray("sticky_sessions").size()).isOne();
    assertThat(second.containsKey("next")).isTrue();
    assertThat(second.getString("next")).isNull();
  }

  @Test
  void aBadPageSizeIs400NamingIt() throws Exception {
    for (String limit : List.of("0", "1001", "ten")) {
      HttpResponse<Buffer> response = get("/api/sticky-sessions?limit=" + limit);

      assertThat(response.statusCode()).isEqualTo(400);
      assertThat(response.bodyAsString()).contains("'limit'");
    }
  }

  @Test
  void deletingAPinRemovesItAndAnnouncesItToEveryInstance() throws Exception {
    stored("conv-a", "acct-1", 60);

    HttpResponse<Buffer> deleted = delete("/api/sticky-sessions/conv-a");
    HttpResponse<Buffer> again = delete("/api/sticky-sessions/conv-a");

    assertThat(deleted.statusCode()).isEqualTo(204);
    assertThat(again.statusCode()).isEqualTo(404);
    assertThat(code(again)).isEqualTo("not_found");
    assertThat(await(pins.find(new StickyKey("conv-a"), NOW))).isEmpty();
    assertThat(announced).contains(StoreChange.STICKY_SESSIONS);
  }

  @Test
  void purgeDeletesAllOrOnlyTheExpired() throws Exception {
    stored("live", "acct-1", 60);
    stored("old", "acct-1", -60);

    HttpResponse<Buffer> expired = post("/api/sticky-sessions/purge", "{\"scope\":\"expired\"}");
    assertThat(expired.statusCode()).isEqualTo(200);
    assertThat(expired.bodyAsJsonObject().getInteger("deleted")).isOne();
    assertThat(announced).isEmpty();

    HttpResponse<Buffer> all = post("/api/sticky-sessions/purge", "{\"scope\":\"all\"}");
    assertThat(all.bodyAsJsonObject().getInteger("deleted")).isOne();
    assertThat(announced).containsExactly(StoreChange.STICKY_SESSIONS);
    assertThat(get("/api/sticky-sessions").bodyAsJsonObject().getJsonArray("sticky_sessions"))
        .isEmpty();
  }

  @Test
  void aPurgeWithoutAKnownScopeIs400AndDeletesNothing() throws Exception {
    stored("live", "acct-1", 60);

    for (String body : List.of("{}", "{\"scope\":\"everything\"}", "{\"scope\":\"all\",\"x\":1}")) {
      HttpResponse<Buffer> response = post("/api/sticky-sessions/purge", body);

      assertThat(response.statusCode()).as(body).isEqualTo(400);
    }
    assertThat(await(pins.find(new StickyKey("live"), NOW))).isPresent();
  }

  @Test
  void beforeTheStoreIsOpenEveryRouteIs503() throws Exception {
    storeOpen.set(false);

    assertThat(get("/api/sticky-sessions").statusCode()).isEqualTo(503);
    assertThat(delete("/api/sticky-sessions/conv-a").statusCode()).isEqualTo(503);
    HttpResponse<Buffer> purge = post("/api/sticky-sessions/purge", "{\"scope\":\"all\"}");
    assertThat(purge.statusCode()).isEqualTo(503);
    assertThat(code(purge)).isEqualTo("service_unavailable");
  }

  @Test
  void theRoutesAreDescribedExactly(Vertx vertx) {
    StickySessionsRoutes routes = new StickySessionsRoutes(Optional::empty);
    AdminApi admin =
        new AdminApi(new LoopbackOnlyGate(), Set.of(routes), new BodyBudget(1L << 20), "x");
    Router router = AdminRouter.create(vertx, READY, admin);

    assertThat(OpenApiDocument.differences(router, OpenApiDocument.of(Set.of(routes), "x")))
        .isEmpty();
  }
}
