package io.codexlb.adapter.http.admin;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.codexlb.adapter.http.JsonResponses;
import io.vertx.ext.web.Router;

/** {@code GET /api/runtime/version}: which codex-lb answers, as the original's route does. */
public final class RuntimeRoutes implements AdminRoutes {

  static final String VERSION_PATH = "/api/runtime/version";

  private final String version;

  /**
   * @param version the server's version
   */
  public RuntimeRoutes(String version) {
    this.version = requireNonNull(version, "version");
  }

  @Override
  public void install(Router router) {
    ObjectNode body = JsonResponses.object().put("version", version);
    router.get(VERSION_PATH).handler(ctx -> JsonResponses.send(ctx.response(), 200, body));
  }

  @Override
  public ObjectNode openApiPaths() {
    ObjectNode paths = JsonResponses.object();
    ObjectNode ok =
        paths
            .putObject(VERSION_PATH)
            .putObject("get")
            .put("summary", "The server's version")
            .putObject("responses")
            .putObject("200");
    ok.put("description", "The version")
        .putObject("content")
        .putObject("application/json")
        .putObject("schema")
        .put("type", "object")
        .putObject("properties")
        .putObject("version")
        .put("type", "string");
    return paths;
  }
}
