package io.codexlb.adapter.http.admin;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.codexlb.adapter.http.JsonResponses;
import java.util.Map;

/** Small builders for the route groups' OpenAPI fragments. */
final class OpenApi {

  private OpenApi() {}

  /** A Vert.x route path in OpenAPI form: {@code /api/x/:id} becomes {@code /api/x/{id}}. */
  static String path(String route) {
    return route.replaceAll(":([A-Za-z_]+)", "{$1}");
  }

  /** One response of an operation. */
  static Map.Entry<String, String> response(String status, String description) {
    return Map.entry(status, description);
  }

  /** Adds an operation to a path item. */
  @SafeVarargs
  static ObjectNode operation(
      ObjectNode item, String method, String summary, Map.Entry<String, String>... responses) {
    ObjectNode operation = item.putObject(method).put("summary", summary);
    ObjectNode answers = operation.putObject("responses");
    for (Map.Entry<String, String> response : responses) {
      answers.putObject(response.getKey()).put("description", response.getValue());
    }
    return operation;
  }

  /** An empty fragment. */
  static ObjectNode paths() {
    return JsonResponses.object();
  }
}
