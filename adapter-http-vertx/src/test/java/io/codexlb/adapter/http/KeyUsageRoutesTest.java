package io.codexlb.adapter.http;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import io.codexlb.domain.key.ApiKey;
import io.codexlb.domain.key.ApiKeyGenerator;
import io.codexlb.domain.key.ApiKeyId;
import io.codexlb.domain.key.KeyValidation;
import io.codexlb.domain.key.PlainApiKey;
import io.codexlb.domain.limit.KeyLimit;
import io.codexlb.domain.limit.LimitType;
import io.codexlb.domain.limit.LimitWindow;
import io.codexlb.port.in.AuthenticateBearerQuery;
import io.codexlb.port.in.KeyUsageResult;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class KeyUsageRoutesTest {

  private static final Instant NOW = Instant.parse("2026-12-06T12:00:00Z");

  private final AtomicReference<KeyUsageResult> answer = new AtomicReference<>();
  private final AtomicReference<Optional<String>> presented = new AtomicReference<>();
  private WebClient client;
  private HttpListener listener;

  @BeforeEach
  void start(Vertx vertx) throws Exception {
    client = WebClient.create(vertx);
    ProxyApi base = TestProxy.notReady();
    ProxyApi proxy =
        new ProxyApi(
            base.responses(),
            base.models(),
            base.bearers(),
            base.maxBodyBytes(),
            base.bodyBudget(),
            base.clock(),
            base.streamKeepAlive(),
            (AuthenticateBearerQuery query) -> {
              presented.set(query.bearer());
              return answer.get();
            });
    listener = TestProxy.listen(vertx, proxy);
  }

  @AfterEach
  void stop() throws Exception {
    client.close();
    listener.shutdown(Duration.ZERO).await(10, SECONDS);
  }

  private HttpResponse<Buffer> get(String authorization) throws Exception {
    var request = client.get(listener.port(), "127.0.0.1", "/v1/usage");
    if (authorization != null) {
      request.putHeader("Authorization", authorization);
    }
    return request.send().await(10, SECONDS);
  }

  @Test
  void theKeysLimitsModelsAndExpiryWithoutTheKeyOrItsHash() throws Exception {
    PlainApiKey plain = ApiKeyGenerator.using(new SplittableRandom(5)).generate();
    ApiKey key =
        ApiKey.create(
            new ApiKeyId("k1"),
            "ci",
            plain,
            NOW.plus(Duration.ofDays(30)),
            new LinkedHashSet<>(List.of("gpt-5.4", "gpt-5.5")),
            NOW);
    KeyLimit limit =
        new KeyLimit(LimitType.TOTAL_TOKENS, LimitWindow.DAILY, 1000, 250, NOW.plusSeconds(3600));
    answer.set(new KeyUsageResult.Usage(key, List.of(limit)));

    HttpResponse<Buffer> response = get("Bearer " + plain.reveal());

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(presented.get()).contains(plain.reveal());
    JsonObject body = response.bodyAsJsonObject();
    assertThat(body.getString("key_id")).isEqualTo("k1");
    assertThat(body.getString("expires_at")).isEqualTo("2027-01-05T12:00:00Z");
    assertThat(body.getJsonArray("allowed_models"))
        .isEqualTo(new JsonArray().add("gpt-5.4").add("gpt-5.5"));
    assertThat(body.getJsonArray("limits"))
        .isEqualTo(
            new JsonArray()
                .add(
                    new JsonObject()
                        .put("limit_type", "total_tokens")
                        .put("limit_window", "daily")
                        .put("max_value", 1000)
                        .put("current_value", 250)
                        .put("reset_at", "2026-12-06T13:00:00Z")));
    assertThat(response.bodyAsString())
        .doesNotContain(plain.reveal())
        .doesNotContain(key.hash().toString());
  }

  @Test
  void withoutAValidKeyIs401() throws Exception {
    answer.set(new KeyUsageResult.Refused(KeyValidation.Missing.INSTANCE));

    HttpResponse<Buffer> response = get(null);

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.bodyAsJsonObject().getJsonObject("error").getString("code"))
        .isEqualTo("invalid_api_key");
  }

  @Test
  void beforeTheDataPlaneIsReadyIs503() throws Exception {
    answer.set(new KeyUsageResult.NotReady("starting"));

    assertThat(get("Bearer sk-clb-x").statusCode()).isEqualTo(503);
  }
}
