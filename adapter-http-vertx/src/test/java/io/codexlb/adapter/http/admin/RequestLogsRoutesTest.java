package io.codexlb.adapter.http.admin;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import io.codexlb.adapter.http.BodyBudget;
import io.codexlb.adapter.http.HttpListener;
import io.codexlb.application.ListRequestLogsService;
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
import java.util.ArrayList;
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
class RequestLogsRoutesTest {

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
                new RequestLogsRoutes(
                    new ListRequestLogsService(repository), Clock.fixed(NOW, ZoneOffset.UTC))),
            new BodyBudget(64L << 20),
            "1.2.3");
    listener =
        HttpListener.start(vertx, "admin", HOST, 0, 1, v -> AdminRouter.create(v, READY, admin))
            .await(10, SECONDS);
    repository
        .append(
            List.of(
                log("r1", 3600, "k1", "a1", 200, null),
                log("r2", 1800, "k2", "a1", 429, "rate_limit_exceeded"),
                log("r3", 600, "k1", "a2", 200, null),
                log("old", 2 * 86_400, "k1", "a1", 200, null)))
        .toCompletableFuture()
        .get();
  }

  @AfterEach
  void stop() throws Exception {
    client.close();
    listener.shutdown(Duration.ZERO).await(10, SECONDS);
  }

  private static RequestLog log(
      String id, long secondsAgo, String key, String account, int status, String error) {
    return new RequestLog(
        id,
        NOW.minusSeconds(secondsAgo),
        Optional.of(new ApiKeyId(key)),
        Optional.of(new AccountId(account)),
        "gpt-5.4",
        status,
        Optional.ofNullable(error),
        100,
        20,
        10,
        5,
        1234,
        800,
        OptionalLong.of(90),
        2);
  }

  private HttpResponse<Buffer> get(String query) throws Exception {
    return client.get(listener.port(), HOST, "/api/request-logs" + query).send().await(10, SECONDS);
  }

  private static List<String> ids(HttpResponse<Buffer> response) {
    List<String> ids = new ArrayList<>();
    JsonArray logs = response.bodyAsJsonObject().getJsonArray("request_logs");
    for (int i = 0; i < logs.size(); i++) {
      ids.add(logs.getJsonObject(i).getString("request_id"));
    }
    return ids;
  }

  @Test
  void theLastDayNewestFirstWithEveryField() throws Exception {
    HttpResponse<Buffer> response = get("");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(ids(response)).containsExactly("r3", "r2", "r1");
    assertThat(response.bodyAsJsonObject().getJsonArray("request_logs").getJsonObject(1))
        .isEqualTo(
            new JsonObject()
                .put("request_id", "r2")
                .put("requested_at", "2026-12-06T11:30:00Z")
                .put("api_key_id", "k2")
                .put("account_id", "a1")
                .put("model", "gpt-5.4")
                .put("status_code", 429)
                .put("error_code", "rate_limit_exceeded")
                .put("input_tokens", 100)
                .put("output_tokens", 20)
                .put("cached_input_tokens", 10)
                .put("reasoning_tokens", 5)
                .put("cost_micros", 1234)
                .put("latency_ms", 800)
                .put("first_token_ms", 90)
                .put("select_ms", 2));
    assertThat(response.bodyAsJsonObject().getValue("next_cursor")).isNull();
  }

  @Test
  void filtersByKeyAccountStatusErrorCodeRequestIdAndTimeRange() throws Exception {
    assertThat(ids(get("?api_key_id=k1"))).containsExactly("r3", "r1");
    assertThat(ids(get("?account_id=a1"))).containsExactly("r2", "r1");
    assertThat(ids(get("?status_code=429"))).containsExactly("r2");
    assertThat(ids(get("?error_code=rate_limit_exceeded"))).containsExactly("r2");
    assertThat(ids(get("?request_id=r1"))).containsExactly("r1");
    assertThat(ids(get("?model=gpt-5.5"))).isEmpty();
    assertThat(ids(get("?from=2026-12-04T00:00:00Z&to=2026-12-05T00:00:00Z")))
        .containsExactly("old");
  }

  @Test
  void theCursorVisitsEveryEntryOnce() throws Exception {
    HttpResponse<Buffer> first = get("?limit=2");
    String cursor = first.bodyAsJsonObject().getString("next_cursor");

    HttpResponse<Buffer> second = get("?limit=2&cursor=" + cursor);

    assertThat(ids(first)).containsExactly("r3", "r2");
    assertThat(ids(second)).containsExactly("r1");
    assertThat(second.bodyAsJsonObject().getValue("next_cursor")).isNull();
  }

  @Test
  void badParametersAre400NamingThem() throws Exception {
    for (String query :
        List.of(
            "?limit=0",
            "?limit=abc",
            "?status_code=7",
            "?from=yesterday",
            "?cursor=bm90LWEtY3Vyc29y",
            "?colour=red",
            "?model=a&model=b",
            "?from=2026-12-06T00:00:00Z&to=2026-12-05T00:00:00Z")) {
      HttpResponse<Buffer> response = get(query);
      assertThat(response.statusCode()).as(query).isEqualTo(400);
      String name = query.substring(1, query.indexOf('='));
      assertThat(response.bodyAsJsonObject().getJsonObject("error").getString("message"))
          .as(query)
          .contains(name.equals("from") && query.contains("to=") ? "to" : name);
    }
  }
}
