package io.codexlb.adapter.http.admin;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.codexlb.adapter.http.JsonResponses;
import io.codexlb.domain.limit.KeyLimit;
import io.codexlb.port.in.ApiKeyResult;
import io.codexlb.port.in.ListApiKeysResult;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** API keys as the admin API writes them: snake_case, never the key's text or hash. */
final class ApiKeyJson {

  private ApiKeyJson() {}

  static ObjectNode details(ApiKeyResult key) {
    ObjectNode json = JsonResponses.object();
    json.put("id", key.id().value());
    json.put("name", key.name());
    json.put("key_prefix", key.displayPrefix());
    json.put("is_active", key.active());
    putInstant(json, "expires_at", key.expiresAt());
    models(json, key.allowedModels());
    json.put("created_at", key.createdAt().toString());
    putInstant(json, "last_used_at", key.lastUsedAt());
    limits(json, key.limits());
    return json;
  }

  static ObjectNode entry(ListApiKeysResult.Entry key) {
    ObjectNode json = JsonResponses.object();
    json.put("id", key.id().value());
    json.put("name", key.name());
    json.put("key_prefix", key.displayPrefix());
    json.put("is_active", key.active());
    putInstant(json, "expires_at", key.expiresAt());
    models(json, key.allowedModels());
    limits(json, key.limits());
    return json;
  }

  private static void models(ObjectNode json, Collection<String> models) {
    ArrayNode allowed = json.putArray("allowed_models");
    models.forEach(allowed::add);
  }

  private static void limits(ObjectNode json, List<KeyLimit> limits) {
    ArrayNode array = json.putArray("limits");
    for (KeyLimit limit : limits) {
      array
          .addObject()
          .put("limit_type", limit.type().wireName())
          .put("limit_window", limit.window().wireName())
          .put("max_value", limit.maxValue())
          .put("current_value", limit.currentValue())
          .put("reset_at", limit.resetAt().toString());
    }
  }

  private static void putInstant(ObjectNode json, String field, Optional<Instant> value) {
    if (value.isPresent()) {
      json.put(field, value.get().toString());
    } else {
      json.putNull(field);
    }
  }
}
