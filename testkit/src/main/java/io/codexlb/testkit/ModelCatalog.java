package io.codexlb.testkit;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** The small, fixed model catalog of {@code GET {base}/codex/models}. */
final class ModelCatalog {

  static final String DEFAULT_MODEL = "gpt-5.1-codex";

  private static final String[] SLUGS = {DEFAULT_MODEL, "gpt-5.1-codex-mini", "gpt-5.1"};

  private ModelCatalog() {}

  static JsonObject json() {
    JsonArray models = new JsonArray();
    for (int i = 0; i < SLUGS.length; i++) {
      models.add(
          new JsonObject()
              .put("slug", SLUGS[i])
              .put("display_name", SLUGS[i])
              .put("description", "Fake model " + SLUGS[i])
              .put("default_reasoning_level", "medium")
              .put(
                  "supported_reasoning_levels",
                  new JsonArray()
                      .add(new JsonObject().put("effort", "low"))
                      .add(new JsonObject().put("effort", "medium"))
                      .add(new JsonObject().put("effort", "high")))
              .put("visibility", "list")
              .put("supported_in_api", true)
              .put("prefer_websockets", false)
              .put("priority", i));
    }
    return new JsonObject().put("models", models);
  }
}
