package io.codexlb.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.codexlb.port.in.ListModelsResult.Model;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ModelListsTest {

  @Test
  void anEmptyListIsStillAList() {
    assertThat(ModelLists.openAi(List.of()).toString())
        .isEqualTo("{\"object\":\"list\",\"data\":[]}");
    assertThat(ModelLists.codex(List.of()).toString())
        .isEqualTo("{\"models\":[],\"object\":\"list\",\"data\":[]}");
  }

  @Test
  void idsAreEscapedInBothShapes() {
    List<Model> models = List.of(new Model("odd\"id", Optional.empty()));

    JsonObject openAi = new JsonObject(ModelLists.openAi(models));
    JsonObject codex = new JsonObject(ModelLists.codex(models));

    assertThat(openAi.getJsonArray("data").getJsonObject(0).getString("id")).isEqualTo("odd\"id");
    assertThat(codex.getJsonArray("models").getJsonObject(0).getString("slug"))
        .isEqualTo("odd\"id");
  }

  @Test
  void catalogEntriesKeepTheirTextExactly() {
    String entry = "{\"slug\":\"m\",\"priority\":1.50,\"nested\":{\"a\":[1,2]}}";

    String codex = ModelLists.codex(List.of(new Model("m", Optional.of(entry)))).toString();

    assertThat(codex).contains("\"models\":[" + entry + "]");
  }
}
