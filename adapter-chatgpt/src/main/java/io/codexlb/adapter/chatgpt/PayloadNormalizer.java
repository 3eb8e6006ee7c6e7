package io.codexlb.adapter.chatgpt;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Makes a client's Responses body acceptable to the ChatGPT backend: {@code store} false (true is
 * coerced, not refused), {@code stream} true (upstream always streams; the proxy aggregates for
 * clients that did not ask to), the fields the backend refuses removed, and {@code service_tier}
 * translated. Everything else, unknown fields and tool types included, passes untouched: Codex adds
 * new ones and the original broke when it filtered them. A body that is not a JSON object is sent
 * as it came; validating it is the proxy's job.
 *
 * <p>A body that needs none of this (Codex CLI's) goes as it came, after a scan that copies
 * nothing. Any other body is rewritten in one streaming pass, token by token, numbers exactly as
 * written, with no tree built: for a body of a few kilobytes the tree was most of what normalizing
 * cost. A body the pass cannot take as it is (a key repeated in one object, or not JSON) goes the
 * tree's way, which keeps a repeated key's last value where its first stood.
 */
final class PayloadNormalizer {

  /** Fields the backend refuses. */
  static final List<String> STRIPPED =
      List.of(
          "max_output_tokens",
          "metadata",
          "prompt_cache_retention",
          "safety_identifier",
          "temperature",
          "top_p",
          "truncation",
          "user");

  private static final Set<String> STRIPPED_FIELDS = Set.copyOf(STRIPPED);

  private PayloadNormalizer() {}

  /** The body to send upstream. */
  static byte[] normalize(byte[] body) {
    try {
      if (needsNoChange(body)) {
        return body;
      }
      byte[] streamed = streamed(body);
      if (streamed != null) {
        return streamed;
      }
    } catch (JsonProcessingException repeatedKeyOrNotJson) {
      // The tree decides both: it keeps a repeated key's last value, and sends non-JSON as it came.
    } catch (IOException e) {
      // Reading and writing byte arrays performs no I/O; anything here is a bug.
      throw new UncheckedIOException(e);
    }
    return viaTree(body);
  }

  /**
   * Whether the body is already what upstream accepts, so its bytes can go as they came: a JSON
   * object with {@code store} false and {@code stream} true, no field the backend refuses, no
   * {@code service_tier} to translate, no key repeated in any object, and nothing after the object.
   * Codex CLI sends such bodies; scanning one costs a fraction of rewriting it (nothing is copied,
   * strings are skipped without being decoded). Any other body is rewritten as before.
   */
  private static boolean needsNoChange(byte[] body) throws IOException {
    try (JsonParser parser = Json.MAPPER.createParser(body)) {
      parser.enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION.mappedFeature());
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        return false;
      }
      boolean store = false;
      boolean stream = false;
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String field = parser.currentName();
        JsonToken value = parser.nextToken();
        if ("store".equals(field)) {
          store = value == JsonToken.VALUE_FALSE;
        } else if ("stream".equals(field)) {
          stream = value == JsonToken.VALUE_TRUE;
        } else if (STRIPPED_FIELDS.contains(field)) {
          return false;
        } else if ("service_tier".equals(field) && value == JsonToken.VALUE_STRING) {
          String tier = parser.getText();
          if ("auto".equals(tier) || "default".equals(tier) || "fast".equals(tier)) {
            return false;
          }
        }
        if (!store && "store".equals(field) || !stream && "stream".equals(field)) {
          return false;
        }
        parser.skipChildren();
      }
      // The rewrite ignores what follows the object; only a body that ends there goes as it came.
      return store
          && stream
          && parser.currentToken() == JsonToken.END_OBJECT
          && parser.nextToken() == null;
    } catch (JsonProcessingException repeatedKeyOrNotJson) {
      return false;
    }
  }

  /** The streaming pass; null when the body is not a JSON object (it is then sent as it came). */
  private static byte @Nullable [] streamed(byte[] body) throws IOException {
    try (JsonParser parser = Json.MAPPER.createParser(body)) {
      parser.enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION.mappedFeature());
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        return null;
      }
      ByteArrayBuilder out = new ByteArrayBuilder(body.length + 32);
      try (JsonGenerator generator = Json.MAPPER.createGenerator(out)) {
        generator.writeStartObject();
        boolean store = false;
        boolean stream = false;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
          String field = parser.currentName();
          JsonToken value = parser.nextToken();
          if ("store".equals(field)) {
            store = true;
            generator.writeBooleanField("store", false);
            parser.skipChildren();
          } else if ("stream".equals(field)) {
            stream = true;
            generator.writeBooleanField("stream", true);
            parser.skipChildren();
          } else if (STRIPPED_FIELDS.contains(field)) {
            parser.skipChildren();
          } else if ("service_tier".equals(field) && value == JsonToken.VALUE_STRING) {
            String tier = parser.getText();
            if (!"auto".equals(tier) && !"default".equals(tier)) {
              generator.writeStringField(field, "fast".equals(tier) ? "priority" : tier);
            }
          } else {
            generator.writeFieldName(field);
            copy(parser, generator);
          }
        }
        if (parser.currentToken() != JsonToken.END_OBJECT) {
          throw new JsonParseException(parser, "expected the end of the object");
        }
        // Absent ones go last, as the tree's put added them.
        if (!store) {
          generator.writeBooleanField("store", false);
        }
        if (!stream) {
          generator.writeBooleanField("stream", true);
        }
        generator.writeEndObject();
      }
      return out.toByteArray();
    }
  }

  /** Copies the value the parser is at, every number exactly as written. */
  private static void copy(JsonParser parser, JsonGenerator generator) throws IOException {
    int depth = 0;
    do {
      JsonToken token = parser.currentToken();
      if (token == null) {
        throw new JsonParseException(parser, "end of input inside a value");
      }
      if (token.isStructStart()) {
        depth++;
      } else if (token.isStructEnd()) {
        depth--;
      }
      generator.copyCurrentEventExact(parser);
    } while (depth > 0 && parser.nextToken() != null);
    if (depth > 0) {
      throw new JsonParseException(parser, "end of input inside a value");
    }
  }

  /** The body through a tree: the way for bodies the streaming pass does not take. */
  private static byte[] viaTree(byte[] body) {
    Optional<JsonNode> parsed = Json.parse(body);
    if (parsed.isEmpty() || !(parsed.get() instanceof ObjectNode payload)) {
      return body;
    }
    payload.put("store", false);
    payload.put("stream", true);
    payload.remove(STRIPPED);
    JsonNode tier = payload.path("service_tier");
    if (tier.isTextual()) {
      String value = tier.asText();
      if ("fast".equals(value)) {
        payload.put("service_tier", "priority");
      } else if ("auto".equals(value) || "default".equals(value)) {
        payload.remove("service_tier");
      }
    }
    try {
      return Json.MAPPER.writeValueAsBytes(payload);
    } catch (JsonProcessingException cannotHappen) {
      return body;
    }
  }
}
