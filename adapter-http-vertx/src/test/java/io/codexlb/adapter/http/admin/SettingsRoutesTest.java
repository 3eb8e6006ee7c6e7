package io.codexlb.adapter.http.admin;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import io.codexlb.adapter.http.BodyBudget;
import io.codexlb.adapter.http.HttpListener;
import io.codexlb.application.SettingsService;
import io.codexlb.domain.health.ReadinessReport;
import io.codexlb.domain.settings.RoutingSettings;
import io.codexlb.port.in.CheckReadinessUseCase;
import io.codexlb.port.in.SettingsUseCase;
import io.codexlb.port.in.UpdateSettingsCommand;
import io.codexlb.port.in.UpdateSettingsResult;
import io.codexlb.port.out.InMemorySettingsRepository;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class SettingsRoutesTest {

  private static final String HOST = "127.0.0.1";
  private static final CheckReadinessUseCase READY =
      () -> CompletableFuture.completedFuture(ReadinessReport.of(Map.of()));

  private final InMemorySettingsRepository repository = new InMemorySettingsRepository();
  private Vertx vertx;
  private WebClient client;
  private HttpListener listener;

  @BeforeEach
  void start(Vertx vertx) throws Exception {
    this.vertx = vertx;
    client = WebClient.create(vertx);
    listener = listen(new SettingsService(repository));
  }

  @AfterEach
  void stop() throws Exception {
    client.close();
    listener.shutdown(Duration.ZERO).await(10, SECONDS);
  }

  private HttpListener listen(SettingsUseCase settings) throws Exception {
    AdminApi admin =
        new AdminApi(
            new LoopbackOnlyGate(),
            Set.of(new SettingsRoutes(settings, 14)),
            new BodyBudget(64L << 20),
            "1.2.3");
    return HttpListener.start(vertx, "admin", HOST, 0, 1, v -> AdminRouter.create(v, READY, admin))
        .await(10, SECONDS);
  }

  private HttpResponse<Buffer> get() throws Exception {
    return client.get(listener.port(), HOST, "/api/settings").send().await(10, SECONDS);
  }

  private HttpResponse<Buffer> put(String body) throws Exception {
    return client
        .put(listener.port(), HOST, "/api/settings")
        .putHeader("Content-Type", "application/json")
        .sendBuffer(Buffer.buffer(body))
        .await(10, SECONDS);
  }

  private static JsonObject error(HttpResponse<Buffer> response) {
    return response.bodyAsJsonObject().getJsonObject("error");
  }

  @Test
  void getShowsTheDefaultsAtVersionZero() throws Exception {
    HttpResponse<Buffer> response = get();

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.bodyAsJsonObject())
        .isEqualTo(
            new JsonObject()
                .put("routing_strategy", "capacity_weighted")
                .put("prefer_earlier_reset", false)
                .put("sticky_threads_enabled", true)
                .put("sticky_ttl_seconds", 1800)
                .put("account_stream_limit", 8)
                .put("account_inflight_penalty_pct", 2.5)
                .put("request_log_retention_days", 14)
                .put("request_log_retention_source", "environment")
                .put("version", 0));
  }

  @Test
  void aStoredRetentionReplacesTheConfiguredOneAndOutOfRangeIs400() throws Exception {
    HttpResponse<Buffer> response = put("{\"version\":0,\"request_log_retention_days\":0}");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.bodyAsJsonObject().getInteger("request_log_retention_days")).isZero();
    assertThat(response.bodyAsJsonObject().getString("request_log_retention_source"))
        .isEqualTo("settings");
    assertThat(repository.load().toCompletableFuture().get().requestLogRetentionDays()).isZero();

    for (String bad : List.of("-1", "36501")) {
      HttpResponse<Buffer> refused =
          put("{\"version\":1,\"request_log_retention_days\":" + bad + "}");
      assertThat(refused.statusCode()).isEqualTo(400);
      assertThat(error(refused).getString("message"))
          .startsWith("request_log_retention_days: " + bad);
    }
    HttpResponse<Buffer> text = put("{\"version\":1,\"request_log_retention_days\":\"x\"}");
    assertThat(text.statusCode()).isEqualTo(400);
    assertThat(error(text).getString("message")).contains("request_log_retention_days");
    assertThat(put("{\"version\":1,\"request_log_retention_days\":36500}").statusCode())
        .isEqualTo(200);
    assertThat(get().bodyAsJsonObject().getInteger("request_log_retention_days")).isEqualTo(36_500);
  }

  @Test
  void putChangesTheNamedFieldsKeepsTheOthersAndStoresTheNextVersion() throws Exception {
    HttpResponse<Buffer> response =
        put(
            "{\"version\":0,\"routing_strategy\":\"round_robin\",\"sticky_threads_enabled\":false}");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.bodyAsJsonObject().getString("routing_strategy")).isEqualTo("round_robin");
    assertThat(response.bodyAsJsonObject().getBoolean("sticky_threads_enabled")).isFalse();
    assertThat(response.bodyAsJsonObject().getInteger("account_stream_limit")).isEqualTo(8);
    assertThat(response.bodyAsJsonObject().getLong("version")).isEqualTo(1);
    RoutingSettings stored = repository.load().toCompletableFuture().get();
    assertThat(stored.stickyThreadsEnabled()).isFalse();
    assertThat(stored.version()).isEqualTo(1);
  }

  @Test
  void aStaleVersionIs409AndChangesNothing() throws Exception {
    assertThat(put("{\"version\":0,\"account_stream_limit\":4}").statusCode()).isEqualTo(200);

    HttpResponse<Buffer> response = put("{\"version\":0,\"account_stream_limit\":2}");

    assertThat(response.statusCode()).isEqualTo(409);
    assertThat(error(response).getString("code")).isEqualTo("settings_conflict");
    assertThat(get().bodyAsJsonObject().getInteger("account_stream_limit")).isEqualTo(4);
  }

  @Test
  void everyBadFieldIsNamedInOne400AndNothingIsApplied() throws Exception {
    HttpResponse<Buffer> response =
        put(
            "{\"version\":0,\"routing_strategy\":\"random\",\"sticky_ttl_seconds\":5,"
                + "\"account_stream_limit\":-1,\"account_inflight_penalty_pct\":101}");

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(error(response).getString("code")).isEqualTo("invalid_request_error");
    assertThat(error(response).getString("message"))
        .contains(
            "routing_strategy",
            "sticky_ttl_seconds",
            "account_stream_limit",
            "account_inflight_penalty_pct");
    assertThat(get().bodyAsJsonObject().getLong("version")).isZero();
  }

  @Test
  void aMissingVersionAnUnknownFieldAndAWrongTypeAre400() throws Exception {
    assertThat(error(put("{\"routing_strategy\":\"round_robin\"}")).getString("message"))
        .contains("version");
    assertThat(error(put("{\"version\":0,\"sticky\":true}")).getString("message"))
        .contains("sticky");
    assertThat(error(put("{\"version\":0,\"prefer_earlier_reset\":\"yes\"}")).getString("message"))
        .contains("prefer_earlier_reset");
  }

  @Test
  void aFailingStoreIs503() throws Exception {
    listener.shutdown(Duration.ZERO).await(10, SECONDS);
    listener =
        listen(
            new SettingsUseCase() {
              @Override
              public CompletionStage<RoutingSettings> current() {
                return CompletableFuture.failedFuture(new IllegalStateException("disk gone"));
              }

              @Override
              public CompletionStage<UpdateSettingsResult> update(UpdateSettingsCommand command) {
                return CompletableFuture.failedFuture(new IllegalStateException("disk gone"));
              }
            });

    HttpResponse<Buffer> response = get();

    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(error(response).getString("code")).isEqualTo("store_unavailable");
  }
}
