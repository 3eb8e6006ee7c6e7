package io.codexlb.adapter.http.admin;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import io.codexlb.adapter.http.BodyBudget;
import io.codexlb.adapter.http.HttpListener;
import io.codexlb.application.UsageReportService;
import io.codexlb.domain.account.AccountId;
import io.codexlb.domain.health.ReadinessReport;
import io.codexlb.domain.key.ApiKeyId;
import io.codexlb.port.in.CheckReadinessUseCase;
import io.codexlb.port.out.InMemoryRequestLogRepository;
import io.codexlb.port.out.RequestLog;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class UsageRoutesTest {

  private static final String HOST = "127.0.0.1";
  private static final Instant NOW = Instant.parse("2026-12-06T12:00:00Z");
  private static final CheckReadinessUseCase READY =
      () -> CompletableFuture.completedFuture(ReadinessReport.of(Map.of()));

  private final InMemoryRequestLogRepository repository = new InMemoryRequestLogRepository();
  private WebClient client;
  private HttpListener listener;

  @BeforeEach
  void start(Vertx vertx) throws Exception {
    client = WebClient.create(vertx);
    AdminApi admin =
        new AdminApi(
            new LoopbackOnlyGate(),
            Set.of(
                new UsageRoutes(
                    new UsageReportService(repository), Clock.fixed(NOW, ZoneOffset.UTC))),
            new BodyBudget(64L << 20),
            "1.2.3");
    listener =
        HttpListener.start(vertx, "admin", HOST, 0, 1, v -> AdminRouter.create(v, READY, admin))
            .await(10, SECONDS);
    repository
        .append(
            List.of(
                log("r1", 5_400, "k1", "gpt-5.4", 200),
                log("r2", 5_000, "k2", "gpt-5.5", 500),
                log("r3", 600, "k1", "gpt-5.4", 200),
                log("old", 30 * 86_400, "k1", "gpt-5.4", 200)))
        .toCompletableFuture()
        .get();
  }

  @AfterEach
  void stop() throws Exception {
    client.close();
    listener.shutdown(Duration.ZERO).await(10, SECONDS);
  }

  private static RequestLog log(String id, long secondsAgo, String key, String model, int status) {
    return new RequestLog(
        id,
        NOW.minusSeconds(secondsAgo),
        Optional.of(new ApiKeyId(key)),
        Optional.of(new AccountId("a1")),
        model,
        status,
        status >= 400 ? Optional.of("upstream_error") : Optional.empty(),
        100,
        20,
        10,
        5,
        1000,
        800,
        OptionalLong.empty(),
        2);
  }

  private HttpResponse<Buffer> get(String pathAndQuery) throws Exception {
    return client.get(listener.port(), HOST, pathAndQuery).send().await(10, SECONDS);
  }

  private static JsonObject row(String group, long requests, long errors) {
    return new JsonObject()
        .put("group", group)
        .put("requests", requests)
        .put("errors", errors)
        .put("input_tokens", 100 * requests)
        .put("output_tokens", 20 * requests)
        .put("cached_input_tokens", 10 * requests)
        .put("reasoning_tokens", 5 * requests)
        .put("cost_micros", 1000 * requests);
  }

  @Test
  void summaryTotalsPerKeyOverTheLastWeekByDefault() throws Exception {
    HttpResponse<Buffer> response = get("/api/usage/summary");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.bodyAsJsonObject())
        .isEqualTo(
            new JsonObject()
                .put("from", "2026-11-29T12:00:00Z")
                .put("to", "2026-12-06T12:00:00Z")
                .put("group_by", "api_key")
                .put("totals", new JsonArray().add(row("k1", 2, 0)).add(row("k2", 1, 1))));
  }

  @Test
  void summaryPerModelOverAGivenRange() throws Exception {
    HttpResponse<Buffer> response =
        get("/api/usage/summary?group_by=model&from=2026-11-01T00:00:00Z&to=2026-12-07T00:00:00Z");

    assertThat(response.bodyAsJsonObject().getJsonArray("totals"))
        .isEqualTo(new JsonArray().add(row("gpt-5.4", 3, 0)).add(row("gpt-5.5", 1, 1)));
  }

  @Test
  void historyPerHourBucket() throws Exception {
    HttpResponse<Buffer> response =
        get("/api/usage/history?group_by=account&bucket=hour&from=2026-12-06T00:00:00Z");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.bodyAsJsonObject().getString("bucket")).isEqualTo("hour");
    assertThat(response.bodyAsJsonObject().getJsonArray("buckets"))
        .isEqualTo(
            new JsonArray()
                .add(row("a1", 2, 1).put("bucket_start", "2026-12-06T10:00:00Z"))
                .add(row("a1", 1, 0).put("bucket_start", "2026-12-06T11:00:00Z")));
  }

  @Test
  void badParametersAre400NamingThem() throws Exception {
    for (String pathAndQuery :
        List.of(
            "/api/usage/summary?group_by=colour",
            "/api/usage/summary?bucket=hour",
            "/api/usage/history?bucket=minute",
            "/api/usage/history?from=2000-01-01T00:00:00Z",
            "/api/usage/summary?to=soon")) {
      HttpResponse<Buffer> response = get(pathAndQuery);
      assertThat(response.statusCode()).as(pathAndQuery).isEqualTo(400);
      String name =
          pathAndQuery.substring(pathAndQuery.indexOf('?') + 1, pathAndQuery.indexOf('='));
      assertThat(response.bodyAsJsonObject().getJsonObject("error").getString("message"))
          .as(pathAndQuery)
          .contains(name);
    }
  }
}
