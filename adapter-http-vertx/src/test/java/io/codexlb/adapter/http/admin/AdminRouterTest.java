package io.codexlb.adapter.http.admin;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.codexlb.adapter.http.ApiError;
import io.codexlb.adapter.http.ApiException;
import io.codexlb.adapter.http.BodyBudget;
import io.codexlb.adapter.http.HttpListener;
import io.codexlb.adapter.http.JsonResponses;
import io.codexlb.adapter.http.RequestBodies;
import io.codexlb.domain.health.ReadinessReport;
import io.codexlb.port.in.CheckReadinessUseCase;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class AdminRouterTest {

  private static final String HOST = "127.0.0.1";
  private static final CheckReadinessUseCase READY =
      () -> CompletableFuture.completedFuture(ReadinessReport.of(Map.of()));

  /** A body the test group reads strictly. */
  record Rename(String name, boolean is_active, List<Integer> limits) {}

  /** A group with one route that echoes a strictly read body, and one that refuses. */
  static final class EchoRoutes implements AdminRoutes {
    @Override
    public void install(Router router) {
      router.post("/api/echo/:id").handler(EchoRoutes::echo);
      router
          .delete("/api/echo/:id")
          .handler(
              ctx -> {
                throw new ApiException(
                    new ApiError(404, "not_found", ApiError.INVALID_REQUEST_ERROR, "No such echo"));
              });
    }

    private static void echo(RoutingContext ctx) {
      Rename body = RequestBodies.json(ctx, Rename.class);
      ObjectNode answer =
          JsonResponses.object()
              .put("id", ctx.pathParam("id"))
              .put("name", body.name())
              .put("actor", AdminPrincipal.of(ctx).map(AdminPrincipal::actor).orElse("?"));
      JsonResponses.send(ctx.response(), 200, answer);
    }

    @Override
    public ObjectNode openApiPaths() {
      ObjectNode paths = JsonResponses.object();
      ObjectNode item = paths.putObject("/api/echo/{id}");
      item.putObject("post").put("summary", "echo");
      item.putObject("delete").put("summary", "refuse");
      return paths;
    }
  }

  private Vertx vertx;
  private WebClient client;
  private HttpListener listener;

  @BeforeEach
  void start(Vertx vertx) throws Exception {
    this.vertx = vertx;
    client = WebClient.create(vertx);
    listener = listen(new LoopbackOnlyGate());
  }

  @AfterEach
  void stop() throws Exception {
    client.close();
    listener.shutdown(Duration.ZERO).await(10, SECONDS);
  }

  private HttpListener listen(AdminGate gate) throws Exception {
    AdminApi admin =
        new AdminApi(
            gate,
            Set.of(new EchoRoutes(), new RuntimeRoutes("1.2.3")),
            new BodyBudget(64L << 20),
            "1.2.3");
    return HttpListener.start(vertx, "admin", HOST, 0, 1, v -> AdminRouter.create(v, READY, admin))
        .await(10, SECONDS);
  }

  private HttpResponse<Buffer> post(String path, String body) throws Exception {
    return client
        .post(listener.port(), HOST, path)
        .putHeader("Content-Type", "application/json")
        .sendBuffer(Buffer.buffer(body))
        .await(10, SECONDS);
  }

  private static String code(HttpResponse<Buffer> response) {
    return response.bodyAsJsonObject().getJsonObject("error").getString("code");
  }

  @Test
  void aLoopbackClientPassesTheGateAndTheRouteSeesWhoItIs() throws Exception {
    HttpResponse<Buffer> response = post("/api/echo/7", "{\"name\":\"a\",\"is_active\":true}");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.bodyAsJsonObject())
        .isEqualTo(new JsonObject().put("id", "7").put("name", "a").put("actor", "local"));
  }

  @Test
  void aGateThatRefusesKeepsTheRouteAndTheBodyReaderFromRunning() throws Exception {
    listener.shutdown(Duration.ZERO).await(10, SECONDS);
    listener =
        listen(
            ctx ->
                ctx.fail(
                    new ApiException(
                        new ApiError(
                            401, "authentication_required", "invalid_request_error", "Log in"))));

    HttpResponse<Buffer> response = post("/api/echo/7", "{\"name\":\"a\",\"is_active\":true}");

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(code(response)).isEqualTo("authentication_required");
  }

  @Test
  void anUnknownFieldIsRefusedWith400NamingIt() throws Exception {
    HttpResponse<Buffer> response = post("/api/echo/7", "{\"name\":\"a\",\"is_actve\":true}");

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.bodyAsJsonObject().getJsonObject("error").getString("message"))
        .contains("is_actve");
  }

  @Test
  void aValueOfTheWrongTypeIsRefusedWith400NamingItsPath() throws Exception {
    HttpResponse<Buffer> response =
        post("/api/echo/7", "{\"name\":\"a\",\"is_active\":true,\"limits\":[1,\"x\"]}");

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.bodyAsJsonObject().getJsonObject("error").getString("message"))
        .contains("limits[1]");
  }

  @Test
  void aStringForABooleanIsNotCoerced() throws Exception {
    HttpResponse<Buffer> response = post("/api/echo/7", "{\"name\":\"a\",\"is_active\":\"true\"}");

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.bodyAsJsonObject().getJsonObject("error").getString("message"))
        .contains("is_active");
  }

  @Test
  void brokenJsonAndAnEmptyBodyAre400() throws Exception {
    assertThat(post("/api/echo/7", "{\"name\":").statusCode()).isEqualTo(400);
    assertThat(post("/api/echo/7", "").statusCode()).isEqualTo(400);
    assertThat(post("/api/echo/7", "{} {}").statusCode()).isEqualTo(400);
  }

  @Test
  void aBodyOverOneMebibyteIs413() throws Exception {
    String big = "{\"name\":\"" + "x".repeat((int) AdminApi.MAX_BODY_BYTES) + "\"}";

    HttpResponse<Buffer> response = post("/api/echo/7", big);

    assertThat(response.statusCode()).isEqualTo(413);
  }

  @Test
  void aThrownApiExceptionIsAnsweredWithItsEnvelope() throws Exception {
    HttpResponse<Buffer> response =
        client.delete(listener.port(), HOST, "/api/echo/7").send().await(10, SECONDS);

    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(response.bodyAsJsonObject().getJsonObject("error").getString("message"))
        .isEqualTo("No such echo");
  }

  @Test
  void theOpenApiDocumentDescribesEveryGroupAndItself() throws Exception {
    HttpResponse<Buffer> response =
        client.get(listener.port(), HOST, OpenApiDocument.PATH).send().await(10, SECONDS);

    assertThat(response.statusCode()).isEqualTo(200);
    JsonObject paths = response.bodyAsJsonObject().getJsonObject("paths");
    assertThat(paths.fieldNames())
        .containsExactlyInAnyOrder("/api/echo/{id}", "/api/runtime/version", OpenApiDocument.PATH);
    assertThat(response.bodyAsJsonObject().getString("openapi")).isEqualTo("3.1.0");
  }

  @Test
  void theRuntimeVersionRouteAnswersTheVersion() throws Exception {
    HttpResponse<Buffer> response =
        client.get(listener.port(), HOST, "/api/runtime/version").send().await(10, SECONDS);

    assertThat(response.bodyAsJsonObject()).isEqualTo(new JsonObject().put("version", "1.2.3"));
  }

  @Test
  void differencesFindsRoutesWithoutDescriptionAndDescriptionsWithoutRoutes() {
    Router router = Router.router(vertx);
    new EchoRoutes().install(router);
    router.get("/api/undocumented").handler(RoutingContext::next);
    ObjectNode document = OpenApiDocument.of(List.of(new EchoRoutes()), "1");

    assertThat(OpenApiDocument.differences(router, document))
        .containsExactlyInAnyOrder(
            "GET /api/undocumented is routed but not described",
            "GET /api/openapi.json is described but not routed");
  }

  @Test
  void loopbackAddressesAreRecognised() {
    assertThat(
            LoopbackOnlyGate.isLoopback(
                io.vertx.core.net.SocketAddress.inetSocketAddress(1, "127.0.0.1")))
        .isTrue();
    assertThat(
            LoopbackOnlyGate.isLoopback(
                io.vertx.core.net.SocketAddress.inetSocketAddress(1, "::1")))
        .isTrue();
    assertThat(
            LoopbackOnlyGate.isLoopback(
                io.vertx.core.net.SocketAddress.inetSocketAddress(1, "10.0.0.1")))
        .isFalse();
  }
}
