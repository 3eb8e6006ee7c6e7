package io.codexlb.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The admin API end to end: a change made through it is in force on the proxy at once. */
class AdminApiEndToEndTest {

  private static final String BODY = "{\"model\":\"gpt-5.2\",\"input\":\"Say hello\"}";

  @TempDir Path dataDir;

  private ProxyFixture fixture;

  @AfterEach
  void close() {
    if (fixture != null) {
      fixture.close();
    }
  }

  private HttpResponse<String> admin(String method, String path, String body) {
    return Http.send(method, fixture.dashboardUrl() + path, body);
  }

  private JsonObject key(String id) {
    HttpResponse<String> response = admin("GET", "/api/api-keys/" + id, null);
    assertThat(response.statusCode()).isEqualTo(200);
    return new JsonObject(response.body());
  }

  private static long requestsUsed(JsonObject key) {
    return key.getJsonArray("limits").getJsonObject(0).getLong("current_value");
  }

  @Test
  void aKeyCreatedDisabledAndResetThroughTheApiIsEnforcedByTheNextRequest() {
    fixture = new ProxyFixture(dataDir).account("acc-1").start();

    HttpResponse<String> created =
        admin(
            "POST",
            "/api/api-keys",
            "{\"name\":\"api\",\"limits\":[{\"limit_type\":\"requests\","
                + "\"limit_window\":\"daily\",\"max_value\":100}]}");
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    JsonObject body = new JsonObject(created.body());
    String key = body.getString("key");
    String id = body.getString("id");

    // Created through the API: the proxy knows it on the very next request.
    assertThat(fixture.post("/v1/responses", BODY, key).statusCode()).isEqualTo(200);
    await().untilAsserted(() -> assertThat(requestsUsed(key(id))).isEqualTo(1));

    HttpResponse<String> disabled = admin("PATCH", "/api/api-keys/" + id, "{\"is_active\":false}");
    assertThat(disabled.statusCode()).isEqualTo(200);
    HttpResponse<String> refused = fixture.post("/v1/responses", BODY, key);
    assertThat(refused.statusCode()).isEqualTo(401);

    assertThat(admin("PATCH", "/api/api-keys/" + id, "{\"is_active\":true}").statusCode())
        .isEqualTo(200);
    assertThat(fixture.post("/v1/responses", BODY, key).statusCode()).isEqualTo(200);
    await().untilAsserted(() -> assertThat(requestsUsed(key(id))).isEqualTo(2));

    HttpResponse<String> reset = admin("PATCH", "/api/api-keys/" + id, "{\"reset_usage\":true}");
    assertThat(reset.statusCode()).isEqualTo(200);
    assertThat(requestsUsed(new JsonObject(reset.body()))).isZero();
    assertThat(requestsUsed(key(id))).isZero();

    HttpResponse<String> regenerated = admin("POST", "/api/api-keys/" + id + "/regenerate", null);
    assertThat(regenerated.statusCode()).isEqualTo(200);
    String newKey = new JsonObject(regenerated.body()).getString("key");
    assertThat(fixture.post("/v1/responses", BODY, key).statusCode()).isEqualTo(401);
    assertThat(fixture.post("/v1/responses", BODY, newKey).statusCode()).isEqualTo(200);

    assertThat(admin("DELETE", "/api/api-keys/" + id, null).statusCode()).isEqualTo(204);
    assertThat(fixture.post("/v1/responses", BODY, newKey).statusCode()).isEqualTo(401);
    assertThat(admin("GET", "/api/api-keys/" + id, null).statusCode()).isEqualTo(404);

    HttpResponse<String> audit = admin("GET", "/api/audit-logs?limit=100", null);
    assertThat(audit.statusCode()).isEqualTo(200);
    JsonArray entries = new JsonObject(audit.body()).getJsonArray("entries");
    assertThat(entries.stream().map(e -> ((JsonObject) e).getString("action")))
        .containsExactly(
            "api_key.delete",
            "api_key.regenerate",
            "api_key.update",
            "api_key.update",
            "api_key.update",
            "api_key.create",
            // The fixture's account, imported before the test began.
            "account.import");
    assertThat(entries.getJsonObject(0).getString("actor")).isEqualTo("local");
    assertThat(audit.body()).doesNotContain(key).doesNotContain(newKey);
  }

  @Test
  void aPausedAccountIsNotPickedByTheNextRequest() {
    fixture = new ProxyFixture(dataDir).account("acc-1");
    String key = fixture.key();
    fixture.start();
    HttpResponse<String> list = admin("GET", "/api/accounts", null);
    assertThat(list.statusCode()).isEqualTo(200);
    String id = new JsonArray(list.body()).getJsonObject(0).getString("id");
    assertThat(list.body()).doesNotContain("access-acc-1").doesNotContain("refresh-acc-1");

    HttpResponse<String> paused = admin("POST", "/api/accounts/" + id + "/pause", null);
    assertThat(paused.statusCode()).as(paused.body()).isEqualTo(200);

    HttpResponse<String> refused = fixture.post("/v1/responses", BODY, key);
    assertThat(refused.statusCode()).isEqualTo(503);
    JsonObject routing =
        new JsonObject(admin("GET", "/api/accounts/" + id + "/routing", null).body());
    assertThat(routing.getString("reason")).isEqualTo("paused");
    JsonObject explain = new JsonObject(admin("GET", "/api/routing/explain", null).body());
    assertThat(explain.getJsonArray("eligible")).isEmpty();

    assertThat(admin("POST", "/api/accounts/" + id + "/reactivate", null).statusCode())
        .isEqualTo(200);
    assertThat(fixture.post("/v1/responses", BODY, key).statusCode()).isEqualTo(200);
  }
}
