package io.codexlb.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The models routes through the real server, the catalog coming from the fake ChatGPT backend. */
class ModelsEndToEndTest {

  @TempDir Path dataDir;

  private ProxyFixture fixture;

  @AfterEach
  void close() {
    if (fixture != null) {
      fixture.close();
    }
  }

  private static List<Object> ids(JsonArray data) {
    return data.stream().map(model -> ((JsonObject) model).getValue("id")).toList();
  }

  @Test
  void v1ModelsListsTheUpstreamCatalogInOpenAisShape() {
    fixture = new ProxyFixture(dataDir).account("acc-1");
    String key = fixture.key();
    fixture.start();

    HttpResponse<String> response =
        Http.get(fixture.url() + "/v1/models", "Authorization", "Bearer " + key);

    assertThat(response.statusCode()).isEqualTo(200);
    JsonObject list = new JsonObject(response.body());
    assertThat(list.getString("object")).isEqualTo("list");
    assertThat(ids(list.getJsonArray("data")))
        .containsExactly("gpt-5.1-codex", "gpt-5.1-codex-mini", "gpt-5.1");
    assertThat(list.getJsonArray("data").getJsonObject(0).getString("object")).isEqualTo("model");
    assertThat(fixture.backend.requests().get(0).header("Authorization"))
        .hasValue("Bearer access-acc-1");
  }

  @Test
  void aKeysAllowListFiltersTheModels() {
    fixture = new ProxyFixture(dataDir).account("acc-1");
    String key = fixture.key("--allowed-models", "gpt-5.1,gpt-9");
    fixture.start();

    HttpResponse<String> response =
        Http.get(fixture.url() + "/v1/models", "Authorization", "Bearer " + key);

    assertThat(ids(new JsonObject(response.body()).getJsonArray("data")))
        .containsExactly("gpt-5.1");
  }

  @Test
  void codexGetsTheCatalogsOwnEntries() {
    fixture = new ProxyFixture(dataDir).account("acc-1");
    String key = fixture.key();
    fixture.start();

    HttpResponse<String> response =
        Http.get(fixture.url() + "/backend-api/codex/models", "Authorization", "Bearer " + key);

    assertThat(response.statusCode()).isEqualTo(200);
    JsonObject first = new JsonObject(response.body()).getJsonArray("models").getJsonObject(0);
    assertThat(first.getString("slug")).isEqualTo("gpt-5.1-codex");
    assertThat(first.getString("default_reasoning_level")).isEqualTo("medium");
  }

  @Test
  void withoutAccountsTheConfiguredListIsServed() {
    fixture = new ProxyFixture(dataDir);
    String key = fixture.key();
    fixture.start("--models", "gpt-a,gpt-b");

    HttpResponse<String> response =
        Http.get(fixture.url() + "/v1/models", "Authorization", "Bearer " + key);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(ids(new JsonObject(response.body()).getJsonArray("data")))
        .containsExactly("gpt-a", "gpt-b");
  }

  @Test
  void withoutAKeyItIs401() {
    fixture = new ProxyFixture(dataDir).account("acc-1");
    fixture.key();
    fixture.start();

    HttpResponse<String> response = Http.get(fixture.url() + "/v1/models");

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(new JsonObject(response.body()).getJsonObject("error").getString("code"))
        .isEqualTo("invalid_api_key");
  }
}
