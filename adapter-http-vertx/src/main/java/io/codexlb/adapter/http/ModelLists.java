package io.codexlb.adapter.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.codexlb.port.in.ListModelsResult.Model;
import io.vertx.core.buffer.Buffer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The two shapes of a model list. OpenAI's: {@code {"object":"list","data":[{"id","object":
 * "model","created","owned_by"}]}}. Codex's catalog: {@code {"models":[...]}} with upstream's
 * entries passed on as they came (an entry of the configured list, which has none, is {@code
 * {"slug","display_name"}}), plus OpenAI's {@code object} and {@code data}, so either client reads
 * it.
 */
final class ModelLists {

  /** The catalog does not say when a model was created; OpenAI's field is required, so zero. */
  static final long CREATED = 0;

  private static final JsonFactory JSON = new JsonFactory();

  private ModelLists() {}

  /** OpenAI's list. */
  static Buffer openAi(List<Model> models) {
    return write(
        json -> {
          json.writeStartObject();
          writeOpenAiFields(json, models);
          json.writeEndObject();
        });
  }

  /** Codex's catalog, with OpenAI's fields too. */
  static Buffer codex(List<Model> models) {
    return write(
        json -> {
          json.writeStartObject();
          json.writeArrayFieldStart("models");
          for (Model model : models) {
            if (model.catalogEntry().isPresent()) {
              json.writeRawValue(model.catalogEntry().get());
            } else {
              json.writeStartObject();
              json.writeStringField("slug", model.id());
              json.writeStringField("display_name", model.id());
              json.writeEndObject();
            }
          }
          json.writeEndArray();
          writeOpenAiFields(json, models);
          json.writeEndObject();
        });
  }

  private static void writeOpenAiFields(JsonGenerator json, List<Model> models) throws IOException {
    json.writeStringField("object", "list");
    json.writeArrayFieldStart("data");
    for (Model model : models) {
      json.writeStartObject();
      json.writeStringField("id", model.id());
      json.writeStringField("object", "model");
      json.writeNumberField("created", CREATED);
      json.writeStringField("owned_by", "openai");
      json.writeEndObject();
    }
    json.writeEndArray();
  }

  private interface Body {
    void write(JsonGenerator json) throws IOException;
  }

  private static Buffer write(Body body) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
    try (JsonGenerator json = JSON.createGenerator(bytes)) {
      body.write(json);
    } catch (IOException e) {
      // Writing to memory does not fail; if it does, it is a bug.
      throw new UncheckedIOException(e);
    }
    return Buffer.buffer(bytes.toByteArray());
  }
}
