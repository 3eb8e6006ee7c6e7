package io.codexlb.adapter.http.admin;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.codexlb.adapter.http.JsonResponses;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import java.util.Collection;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The OpenAPI description of the admin API, {@code GET /api/openapi.json}: assembled from every
 * group's {@linkplain AdminRoutes#openApiPaths fragment}, and checked against the router's routes
 * by {@link #differences}.
 */
public final class OpenApiDocument {

  /** Where the description is served. */
  public static final String PATH = "/api/openapi.json";

  /** The keys of a path item that are operations; the others (summary, parameters) are not. */
  private static final Set<String> OPERATIONS =
      Set.of("get", "put", "post", "delete", "patch", "head", "options");

  private OpenApiDocument() {}

  /** The whole document for {@code groups}, this route's own entry included. */
  public static ObjectNode of(Collection<AdminRoutes> groups, String version) {
    requireNonNull(groups, "groups");
    ObjectNode document = JsonResponses.object();
    document.put("openapi", "3.1.0");
    document
        .putObject("info")
        .put("title", "codex-lb admin API")
        .put("version", requireNonNull(version, "version"))
        .put(
            "description",
            "The JSON API of the dashboard listener. Errors use the envelope"
                + " {\"error\":{\"code\",\"message\",\"type\"}}.");
    ObjectNode paths = document.putObject("paths");
    paths
        .putObject(PATH)
        .putObject("get")
        .put("summary", "This description of the admin API")
        .putObject("responses")
        .putObject("200")
        .put("description", "The OpenAPI 3.1 document");
    for (AdminRoutes group : groups) {
      Iterator<Map.Entry<String, JsonNode>> fields = group.openApiPaths().fields();
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> path = fields.next();
        JsonNode existing = paths.get(path.getKey());
        if (existing instanceof ObjectNode item) {
          item.setAll((ObjectNode) path.getValue());
        } else {
          paths.set(path.getKey(), path.getValue().deepCopy());
        }
      }
    }
    return document;
  }

  /**
   * The operations on which {@code router} and {@code document} disagree, as {@code "GET
   * /api/accounts/{id}"} lines: routed but not described, or described but not routed. Only routes
   * under {@code /api/} with methods and a fixed path count.
   */
  public static Set<String> differences(Router router, ObjectNode document) {
    Set<String> routed = new TreeSet<>();
    for (Route route : router.getRoutes()) {
      String path = route.getPath();
      Set<HttpMethod> methods = route.methods();
      if (path == null || !path.startsWith("/api/") || methods == null || methods.isEmpty()) {
        continue;
      }
      String openApiPath = path.replaceAll(":([A-Za-z0-9_]+)", "{$1}");
      for (HttpMethod method : methods) {
        routed.add(method.name() + " " + openApiPath);
      }
    }
    Set<String> described = new TreeSet<>();
    document
        .path("paths")
        .fields()
        .forEachRemaining(
            path ->
                path.getValue()
                    .fieldNames()
                    .forEachRemaining(
                        key -> {
                          if (OPERATIONS.contains(key)) {
                            described.add(key.toUpperCase(Locale.ROOT) + " " + path.getKey());
                          }
                        }));
    Set<String> differences = new TreeSet<>();
    for (String operation : routed) {
      if (!described.contains(operation)) {
        differences.add(operation + " is routed but not described");
      }
    }
    for (String operation : described) {
      if (!routed.contains(operation)) {
        differences.add(operation + " is described but not routed");
      }
    }
    return differences;
  }
}
