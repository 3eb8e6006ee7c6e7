package io.codexlb.adapter.http.admin;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import io.codexlb.adapter.http.BodyBudget;
import io.codexlb.adapter.http.HttpListener;
import io.codexlb.application.AuditTrail;
import io.codexlb.application.CreateApiKeyService;
import io.codexlb.application.ListApiKeysService;
import io.codexlb.application.LiveApiKeys;
import io.codexlb.application.ManageApiKeysService;
import io.codexlb.domain.health.ReadinessReport;
import io.codexlb.domain.key.ApiKeyId;
import io.codexlb.domain.key.KeyHash;
import io.codexlb.domain.limit.LimitType;
import io.codexlb.domain.limit.LimitWindow;
import io.codexlb.port.in.CheckReadinessUseCase;
import io.codexlb.port.in.ListApiKeysUseCase;
import io.codexlb.port.out.InMemoryApiKeyRepository;
import io.codexlb.port.out.InMemoryAuditLogRepository;
import io.codexlb.port.out.MovableClock;
import io.codexlb.port.out.StoredApiKey;
import io.codexlb.port.out.UsageDelta;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class ApiKeysRoutesTest {

  private static final String HOST = "127.0.0.1";
  private static final Instant NOW = Instant.parse("2026-03-02T10:15:00Z");
  private static final CheckReadinessUseCase READY =
      () -> CompletableFuture.completedFuture(ReadinessReport.of(Map.of()));
  private static final Predicate<String> KNOWN = Set.of("gpt-5", "gpt-5-codex")::contains;

  private final InMemoryApiKeyRepository keys = new InMemoryApiKeyRepository();
  private final AuditTrail AUDIT = new AuditTrail(new InMemoryAuditLogRepository());
  private final MovableClock clock = new MovableClock(NOW);
  private Vertx vertx;
  private WebClient client;
  private HttpListener listener;

  @BeforeEach
  void start(Vertx vertx) throws Exception {
    this.vertx = vertx;
    client = WebClient.create(vertx);
    listener =
        listen(
            new ApiKeysRoutes(
                new CreateApiKeyService(keys, new SplittableRandom(1), KNOWN, AUDIT),
                new ListApiKeysService(keys),
                new ManageApiKeysService(
                    keys, LiveApiKeys.NONE, new SplittableRandom(2), KNOWN, AUDIT),
                clock));
  }

  @AfterEach
  void stop() throws Exception {
    client.close();
    listener.shutdown(Duration.ZERO).await(10, SECONDS);
  }

  private HttpListener listen(AdminRoutes routes) throws Exception {
    AdminApi admin =
        new AdminApi(new LoopbackOnlyGate(), Set.of(routes), new BodyBudget(64L << 20), "t");
    return HttpListener.start(vertx, "admin", HOST, 0, 1, v -> AdminRouter.create(v, READY, admin))
        .await(10, SECONDS);
  }

  private HttpResponse<Buffer> send(HttpMethod method, String path, String body) throws Exception {
    return client
        .request(method, listener.port(), HOST, path)
        .putHeader("Content-Type", "application/json")
        .sendBuffer(Buffer.buffer(body))
        .await(10, SECONDS);
  }

  private HttpResponse<Buffer> send(HttpMethod method, String path) throws Exception {
    return client.request(method, listener.port(), HOST, path).send().await(10, SECONDS);
  }

  private JsonObject created() throws Exception {
    HttpResponse<Buffer> response =
        send(
            HttpMethod.POST,
            "/api/api-keys",
            "{\"name\":\"ci\",\"allowed_models\":[\"gpt-5\"],"
                + "\"expires_at\":\"2026-04-01T00:00:00Z\",\"limits\":["
                + "{\"limit_type\":\"total_tokens\",\"limit_window\":\"daily\",\"max_value\":1000},"
                + "{\"limit_type\":\"requests\",\"limit_window\":\"hourly\",\"max_value\":10}]}");
    assertThat(response.statusCode()).isEqualTo(201);
    return response.bodyAsJsonObject();
  }

  private static String code(HttpResponse<Buffer> response) {
    return response.bodyAsJsonObject().getJsonObject("error").getString("code");
  }

  private static String message(HttpResponse<Buffer> response) {
    return response.bodyAsJsonObject().getJsonObject("error").getString("message");
  }

  @Test
  void createAnswersTheFullKeyOnceAndNothingElseShowsItOrItsHash() throws Exception {
    JsonObject created = created();
    String key = created.getString("key");
    String id = created.getString("id");

    assertThat(key).startsWith("sk-clb-");
    assertThat(created.getString("key_prefix")).isEqualTo(key.substring(0, 15));
    assertThat(created.getBoolean("is_active")).isTrue();
    assertThat(created.getString("expires_at")).isEqualTo("2026-04-01T00:00:00Z");
    assertThat(created.getJsonArray("allowed_models")).containsExactly("gpt-5");
    JsonObject daily = created.getJsonArray("limits").getJsonObject(0);
    assertThat(daily.getString("limit_type")).isEqualTo("total_tokens");
    assertThat(daily.getString("limit_window")).isEqualTo("daily");
    assertThat(daily.getLong("max_value")).isEqualTo(1000);
    assertThat(daily.getLong("current_value")).isZero();
    assertThat(daily.getString("reset_at")).isEqualTo("2026-03-03T00:00:00Z");

    String hash = KeyHash.of(key).hex();
    HttpResponse<Buffer> list = send(HttpMethod.GET, "/api/api-keys");
    HttpResponse<Buffer> one = send(HttpMethod.GET, "/api/api-keys/" + id);
    assertThat(list.statusCode()).isEqualTo(200);
    assertThat(one.statusCode()).isEqualTo(200);
    for (HttpResponse<Buffer> response : List.of(list, one)) {
      assertThat(response.bodyAsString()).doesNotContain(key).doesNotContain(hash);
    }
    JsonArray all = list.bodyAsJsonArray();
    assertThat(all).hasSize(1);
    assertThat(all.getJsonObject(0).getString("key_prefix")).isEqualTo(key.substring(0, 15));
    assertThat(all.getJsonObject(0).containsKey("key")).isFalse();
  }

  @Test
  void getShowsEachLimitsCurrentValue() throws Exception {
    String id = created().getString("id");
    keys.addUsage(
            new ApiKeyId(id),
            List.of(new UsageDelta(LimitType.TOTAL_TOKENS, LimitWindow.DAILY, 250)),
            NOW)
        .toCompletableFuture()
        .join();

    JsonObject key = send(HttpMethod.GET, "/api/api-keys/" + id).bodyAsJsonObject();

    JsonObject daily = key.getJsonArray("limits").getJsonObject(0);
    assertThat(daily.getLong("current_value")).isEqualTo(250);
    assertThat(daily.getLong("max_value")).isEqualTo(1000);
  }

  @Test
  void badCreateBodiesAreRefusedNamingTheFieldAndStoreNothing() throws Exception {
    Map<String, String> bodies =
        Map.of(
            "{\"name\":\"a\",\"colour\":\"red\"}",
            "colour",
            "{\"name\":\"a\",\"limits\":[{\"limit_type\":\"requests\",\"limit_window\":\"daily\","
                + "\"max_value\":-5}]}",
            "limits[0].max_value",
            "{\"name\":\"a\",\"limits\":[{\"limit_type\":\"credits\",\"limit_window\":\"daily\","
                + "\"max_value\":5}]}",
            "limits[0].limit_type",
            "{\"name\":\"a\",\"limits\":[{\"limit_type\":\"requests\",\"limit_window\":\"yearly\","
                + "\"max_value\":5}]}",
            "limits[0].limit_window",
            "{\"name\":\"a\",\"limits\":[{\"limit_type\":\"requests\",\"limit_window\":\"daily\","
                + "\"max_value\":\"5\"}]}",
            "limits[0].max_value",
            "{\"name\":\"a\",\"allowed_models\":[\"gtp-5\"]}",
            "allowed_models",
            "{\"name\":\"a\",\"expires_at\":\"tomorrow\"}",
            "expires_at",
            "{\"name\":\"a\",\"expires_at\":\"2020-01-01T00:00:00Z\"}",
            "expires_at",
            "{\"allowed_models\":[]}",
            "name");
    for (Map.Entry<String, String> body : bodies.entrySet()) {
      HttpResponse<Buffer> response = send(HttpMethod.POST, "/api/api-keys", body.getKey());
      assertThat(response.statusCode()).as(body.getKey()).isEqualTo(400);
      assertThat(code(response)).isEqualTo("invalid_request_error");
      assertThat(message(response)).as(body.getKey()).contains(body.getValue());
    }
    assertThat(keys.findAll().toCompletableFuture().join()).isEmpty();
  }

  @Test
  void patchChangesTheKeyAllOrNothing() throws Exception {
    String id = created().getString("id");

    HttpResponse<Buffer> disabled =
        send(
            HttpMethod.PATCH,
            "/api/api-keys/" + id,
            "{\"is_active\":false,\"expires_at\":null,\"name\":\"renamed\","
                + "\"limits\":[{\"limit_type\":\"requests\",\"limit_window\":\"hourly\","
                + "\"max_value\":99}],\"reset_usage\":true}");

    assertThat(disabled.statusCode()).isEqualTo(200);
    JsonObject key = disabled.bodyAsJsonObject();
    assertThat(key.getBoolean("is_active")).isFalse();
    assertThat(key.getValue("expires_at")).isNull();
    assertThat(key.getString("name")).isEqualTo("renamed");
    assertThat(key.getJsonArray("limits")).hasSize(1);
    assertThat(key.getJsonArray("limits").getJsonObject(0).getLong("max_value")).isEqualTo(99);
    assertThat(key.containsKey("key")).isFalse();

    StoredApiKey before = keys.find(new ApiKeyId(id)).toCompletableFuture().join().orElseThrow();
    HttpResponse<Buffer> refused =
        send(
            HttpMethod.PATCH,
            "/api/api-keys/" + id,
            "{\"is_active\":true,\"allowed_models\":[\"gpt-5\",\"nope\"]}");
    HttpResponse<Buffer> wrongType =
        send(HttpMethod.PATCH, "/api/api-keys/" + id, "{\"is_active\":\"yes\"}");
    HttpResponse<Buffer> unknownField =
        send(HttpMethod.PATCH, "/api/api-keys/" + id, "{\"is_actve\":true}");

    assertThat(refused.statusCode()).isEqualTo(400);
    assertThat(message(refused)).contains("allowed_models[1]").contains("nope");
    assertThat(wrongType.statusCode()).isEqualTo(400);
    assertThat(message(wrongType)).contains("is_active");
    assertThat(unknownField.statusCode()).isEqualTo(400);
    assertThat(message(unknownField)).contains("is_actve");
    assertThat(keys.find(new ApiKeyId(id)).toCompletableFuture().join()).contains(before);
  }

  @Test
  void regenerateAnswersANewKeyAndTheOldHashIsGone() throws Exception {
    JsonObject created = created();
    String id = created.getString("id");

    HttpResponse<Buffer> response = send(HttpMethod.POST, "/api/api-keys/" + id + "/regenerate");

    assertThat(response.statusCode()).isEqualTo(200);
    String newKey = response.bodyAsJsonObject().getString("key");
    assertThat(newKey).startsWith("sk-clb-").isNotEqualTo(created.getString("key"));
    assertThat(keys.findByHash(KeyHash.of(created.getString("key"))).toCompletableFuture().join())
        .isEmpty();
    assertThat(keys.findByHash(KeyHash.of(newKey)).toCompletableFuture().join()).isPresent();
  }

  @Test
  void deleteRemovesTheKeyAndUnknownIdsAre404() throws Exception {
    String id = created().getString("id");

    assertThat(send(HttpMethod.DELETE, "/api/api-keys/" + id).statusCode()).isEqualTo(204);

    for (HttpResponse<Buffer> missing :
        List.of(
            send(HttpMethod.GET, "/api/api-keys/" + id),
            send(HttpMethod.DELETE, "/api/api-keys/" + id),
            send(HttpMethod.PATCH, "/api/api-keys/" + id, "{\"is_active\":true}"),
            send(HttpMethod.POST, "/api/api-keys/" + id + "/regenerate"))) {
      assertThat(missing.statusCode()).isEqualTo(404);
      assertThat(code(missing)).isEqualTo("api_key_not_found");
    }
  }

  @Test
  void aFailingStoreIs503WithoutItsDetail() throws Exception {
    ListApiKeysUseCase broken =
        () -> CompletableFuture.failedFuture(new IllegalStateException("db password=hunter2"));
    HttpListener other =
        listen(
            new ApiKeysRoutes(
                new CreateApiKeyService(keys, new SplittableRandom(1), KNOWN, AUDIT),
                broken,
                new ManageApiKeysService(
                    keys, LiveApiKeys.NONE, new SplittableRandom(2), KNOWN, AUDIT),
                clock));
    try {
      HttpResponse<Buffer> response =
          client.get(other.port(), HOST, "/api/api-keys").send().await(10, SECONDS);

      assertThat(response.statusCode()).isEqualTo(503);
      assertThat(code(response)).isEqualTo("store_unavailable");
      assertThat(response.bodyAsString()).doesNotContain("hunter2");
    } finally {
      other.shutdown(Duration.ZERO).await(10, SECONDS);
    }
  }
}
