package io.codexlb.adapter.http;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import io.codexlb.domain.key.ApiKeyId;
import io.codexlb.domain.key.KeyValidation;
import io.codexlb.port.in.ListModelsQuery;
import io.codexlb.port.in.ListModelsResult;
import io.codexlb.port.in.ListModelsUseCase;
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
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The models routes of the proxy router, over a real listener, with a fake use case. */
@ExtendWith(VertxExtension.class)
class ModelsRoutesTest {

  private static final String HOST = "127.0.0.1";
  private static final String CATALOG_ENTRY =
      "{\"slug\":\"gpt-5.1-codex\",\"display_name\":\"GPT-5.1 Codex\",\"priority\":1.50,"
          + "\"supported_reasoning_levels\":[{\"effort\":\"low\"}]}";

  private final FakeModels models = new FakeModels();
  private WebClient client;
  private HttpListener listener;

  @BeforeEach
  void start(Vertx vertx) throws Exception {
    client = WebClient.create(vertx);
    listener = listen(vertx, TestProxy.withModels(models));
  }

  private static HttpListener listen(Vertx vertx, ProxyApi proxy) throws Exception {
    return TestProxy.listen(vertx, proxy);
  }

  @AfterEach
  void stop() throws Exception {
    client.close();
    listener.shutdown(Duration.ZERO).await(10, SECONDS);
  }

  @Test
  void openAiRouteListsTheModelsInOpenAisShape() throws Exception {
    models.answer(
        new ListModelsResult.Listed(
            List.of(
                new ListModelsResult.Model("gpt-5.1-codex", Optional.of(CATALOG_ENTRY)),
                new ListModelsResult.Model("gpt-5.2", Optional.empty())),
            true));

    HttpResponse<Buffer> response = get("/v1/models", "Bearer sk-clb-abc");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.getHeader("Content-Type")).isEqualTo("application/json");
    assertThat(response.bodyAsString())
        .isEqualTo(
            "{\"object\":\"list\",\"data\":["
                + "{\"id\":\"gpt-5.1-codex\",\"object\":\"model\",\"created\":0,\"owned_by\":\"openai\"},"
                + "{\"id\":\"gpt-5.2\",\"object\":\"model\",\"created\":0,\"owned_by\":\"openai\"}]}");
  }

  @Test
  void theKeyIsHandedOverAsItsBearerToken() throws Exception {
    get("/v1/models", "Bearer  sk-clb-abc ");
    get("/v1/models", null);

    assertThat(models.queries)
        .extracting(ListModelsQuery::bearer)
        .containsExactly(Optional.of("sk-clb-abc"), Optional.empty());
  }

  @Test
  void codexRoutePassesCatalogEntriesOnAsTheyCame() throws Exception {
    models.answer(
        new ListModelsResult.Listed(
            List.of(new ListModelsResult.Model("gpt-5.1-codex", Optional.of(CATALOG_ENTRY))),
            true));

    HttpResponse<Buffer> response = get("/backend-api/codex/models", "Bearer sk-clb-abc");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.bodyAsString()).startsWith("{\"models\":[" + CATALOG_ENTRY + "]");
    JsonObject body = response.bodyAsJsonObject();
    assertThat(body.getString("object")).isEqualTo("list");
    assertThat(body.getJsonArray("data").getJsonObject(0).getString("id"))
        .isEqualTo("gpt-5.1-codex");
  }

  @Test
  void codexRouteGivesAModelOfTheConfiguredListItsSlugAndName() throws Exception {
    models.answer(
        new ListModelsResult.Listed(
            List.of(new ListModelsResult.Model("gpt-5.2", Optional.empty())), false));

    JsonArray catalog =
        get("/backend-api/codex/models", "Bearer sk-clb-abc")
            .bodyAsJsonObject()
            .getJsonArray("models");

    assertThat(catalog.getJsonObject(0))
        .isEqualTo(new JsonObject().put("slug", "gpt-5.2").put("display_name", "gpt-5.2"));
  }

  @Test
  void openAiRouteWithAClientVersionAnswersCodexsCatalog() throws Exception {
    models.answer(
        new ListModelsResult.Listed(
            List.of(new ListModelsResult.Model("gpt-5.1-codex", Optional.of(CATALOG_ENTRY))),
            true));

    JsonObject body =
        get("/v1/models?client_version=0.169.0", "Bearer sk-clb-abc").bodyAsJsonObject();

    assertThat(body.getJsonArray("models").getJsonObject(0).getString("display_name"))
        .isEqualTo("GPT-5.1 Codex");
  }

  @Test
  void aKeyThatDoesNotAuthenticateIs401InvalidApiKey() throws Exception {
    models.answer(new ListModelsResult.Refused(KeyValidation.Unknown.INSTANCE));

    HttpResponse<Buffer> response = get("/backend-api/codex/models", "Bearer sk-clb-nope");

    assertThat(response.statusCode()).isEqualTo(401);
    JsonObject error = response.bodyAsJsonObject().getJsonObject("error");
    assertThat(error.getString("code")).isEqualTo("invalid_api_key");
    assertThat(error.getString("type")).isEqualTo("invalid_request_error");
    assertThat(response.bodyAsString()).doesNotContain("sk-clb-nope");
  }

  @Test
  void everyKeyProblemGetsTheSameBodyAsTheGuideShows() throws Exception {
    for (KeyValidation refusal :
        List.of(
            KeyValidation.Missing.INSTANCE,
            KeyValidation.NotCodexLbKey.INSTANCE,
            KeyValidation.Unknown.INSTANCE,
            new KeyValidation.Inactive(new ApiKeyId("k1")),
            new KeyValidation.Expired(new ApiKeyId("k1"), Instant.EPOCH))) {
      models.answer(new ListModelsResult.Refused(refusal));

      HttpResponse<Buffer> response = get("/v1/models", "Bearer sk-clb-nope");

      assertThat(response.statusCode()).isEqualTo(401);
      assertThat(response.bodyAsString())
          .as("%s", refusal)
          .isEqualTo(
              "{\"error\":{\"code\":\"invalid_api_key\",\"message\":\"Invalid API key\","
                  + "\"type\":\"invalid_request_error\"}}");
    }
  }

  @Test
  void aServerNotReadyIs503WithRetryAfter() throws Exception {
    models.answer(new ListModelsResult.NotReady("waiting for the store to open"));

    HttpResponse<Buffer> response = get("/v1/models", "Bearer sk-clb-abc");

    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(response.getHeader("Retry-After")).isEqualTo("1");
    assertThat(response.bodyAsJsonObject().getJsonObject("error").getString("code"))
        .isEqualTo("service_unavailable");
  }

  @Test
  void aUseCaseThatBreaksIs500WithoutItsDetail() throws Exception {
    models.fail(new IllegalStateException("secret detail"));

    try (LogCapture errors = LogCapture.of(ErrorResponses.class.getName(), Level.ERROR)) {
      HttpResponse<Buffer> response = get("/v1/models", "Bearer sk-clb-abc");

      assertThat(response.statusCode()).isEqualTo(500);
      assertThat(response.bodyAsJsonObject().getJsonObject("error").getString("code"))
          .isEqualTo("internal_error");
      assertThat(response.bodyAsString()).doesNotContain("secret detail");
      assertThat(errors.await(event -> true).getThrowableProxy().getMessage())
          .isEqualTo("secret detail");
    }
  }

  @Test
  void postingToTheModelsRouteIs405() throws Exception {
    HttpResponse<Buffer> response = send(HttpMethod.POST, listener, "/v1/models", null);

    assertThat(response.statusCode()).isEqualTo(405);
  }

  @Test
  void aProxyApiWithoutAModelListAnswers503(Vertx vertx) throws Exception {
    HttpListener unwired = listen(vertx, TestProxy.notReady());
    try {
      HttpResponse<Buffer> response = send(HttpMethod.GET, unwired, "/v1/models", null);

      assertThat(response.statusCode()).isEqualTo(503);
    } finally {
      unwired.shutdown(Duration.ZERO).await(10, SECONDS);
    }
  }

  private HttpResponse<Buffer> get(String path, String authorization) throws Exception {
    return send(HttpMethod.GET, listener, path, authorization);
  }

  private HttpResponse<Buffer> send(
      HttpMethod method, HttpListener target, String path, String authorization) throws Exception {
    var request = client.request(method, target.port(), HOST, path);
    if (authorization != null) {
      request.putHeader("Authorization", authorization);
    }
    return request.send().toCompletionStage().toCompletableFuture().get(10, SECONDS);
  }

  /** Answers every query with one result, and records the queries. */
  private static final class FakeModels implements ListModelsUseCase {
    final List<ListModelsQuery> queries = new CopyOnWriteArrayList<>();
    private volatile CompletableFuture<ListModelsResult> answer =
        CompletableFuture.completedFuture(new ListModelsResult.Listed(List.of(), true));

    void answer(ListModelsResult result) {
      answer = CompletableFuture.completedFuture(result);
    }

    void fail(RuntimeException error) {
      answer = CompletableFuture.failedFuture(error);
    }

    @Override
    public CompletionStage<ListModelsResult> list(ListModelsQuery query) {
      queries.add(query);
      return answer;
    }
  }
}
