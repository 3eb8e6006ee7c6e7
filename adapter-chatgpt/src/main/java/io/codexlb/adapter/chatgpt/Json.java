package io.codexlb.adapter.chatgpt;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.io.IOException;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * The adapter's one Jackson mapper and lenient readers for upstream's JSON: upstream sends numbers
 * as numbers or as strings depending on the field, and a field of the wrong shape is treated as
 * absent rather than failing the request.
 */
final class Json {

  /** Decimals kept exact, so a body passes through normalization without its numbers changing. */
  static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .build();

  private Json() {}

  /** The parsed text, or empty when it is not JSON. */
  static Optional<JsonNode> parse(byte[] bytes) {
    try {
      return Optional.ofNullable(MAPPER.readTree(bytes)).filter(node -> !node.isMissingNode());
    } catch (IOException notJson) {
      return Optional.empty();
    }
  }

  /** The parsed text, or empty when it is not JSON. */
  static Optional<JsonNode> parse(String text) {
    try {
      return Optional.ofNullable(MAPPER.readTree(text)).filter(node -> !node.isMissingNode());
    } catch (JsonProcessingException notJson) {
      return Optional.empty();
    }
  }

  /** A non-blank string field. */
  static Optional<String> text(JsonNode node, String field) {
    JsonNode value = node.path(field);
    return value.isTextual() && !value.asText().isBlank()
        ? Optional.of(value.asText())
        : Optional.empty();
  }

  /** A finite number field, given as a number or a numeric string. */
  static OptionalDouble number(JsonNode node, String field) {
    JsonNode value = node.path(field);
    if (value.isNumber()) {
      double number = value.asDouble();
      return Double.isFinite(number) ? OptionalDouble.of(number) : OptionalDouble.empty();
    }
    return value.isTextual() ? Numbers.parseDouble(value.asText()) : OptionalDouble.empty();
  }

  /** A whole number field (decimals truncated), given as a number or a numeric string. */
  static OptionalLong whole(JsonNode node, String field) {
    OptionalDouble number = number(node, field);
    return number.isPresent() ? OptionalLong.of((long) number.getAsDouble()) : OptionalLong.empty();
  }

  /** A boolean field, given as a boolean or as the string {@code true}/{@code false}. */
  static Optional<Boolean> bool(JsonNode node, String field) {
    JsonNode value = node.path(field);
    if (value.isBoolean()) {
      return Optional.of(value.asBoolean());
    }
    return value.isTextual() ? Numbers.parseBoolean(value.asText()) : Optional.empty();
  }
}
