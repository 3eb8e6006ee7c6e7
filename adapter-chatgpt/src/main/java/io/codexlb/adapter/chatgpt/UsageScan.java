package io.codexlb.adapter.chatgpt;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.codexlb.domain.upstream.ResponseUsage;
import java.io.IOException;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import org.jspecify.annotations.Nullable;

/**
 * Reads {@code response.usage} out of a terminal event's data with a streaming parser, building no
 * tree: the rest of a {@code response.completed} (the whole response, its output items included) is
 * skipped token by token. It answers what {@link EventMapper#usage} answers on the tree of the same
 * text, in every case: a repeated key's last value counts (the tree keeps the last), a field of the
 * wrong shape is absent, numbers are read as the tree reads them (decimals through {@code
 * BigDecimal}, then truncated), text that is not JSON or ends early has no usage, and anything
 * after the first value is ignored, as the tree's read ignores it.
 */
final class UsageScan {

  private UsageScan() {}

  /** The usage in {@code data}'s {@code response.usage}; empty when missing or inconsistent. */
  static Optional<ResponseUsage> usage(String data) {
    try (JsonParser parser = Json.MAPPER.createParser(data)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        return Optional.empty();
      }
      @Nullable Fields usage = null;
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String field = parser.currentName();
        JsonToken value = parser.nextToken();
        if ("response".equals(field)) {
          // A later "response" replaces an earlier one, usage and all, as in the tree.
          usage = value == JsonToken.START_OBJECT ? response(parser) : null;
        } else {
          parser.skipChildren();
        }
      }
      if (parser.currentToken() != JsonToken.END_OBJECT) {
        return Optional.empty();
      }
      return usage == null ? Optional.empty() : usage.usage();
    } catch (IOException notJsonOrCutShort) {
      // The tree's read fails on the same text, and then there is no usage either.
      return Optional.empty();
    }
  }

  /** The fields of {@code usage} in the response object the parser is at; null when absent. */
  private static @Nullable Fields response(JsonParser parser) throws IOException {
    @Nullable Fields usage = null;
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String field = parser.currentName();
      JsonToken value = parser.nextToken();
      if ("usage".equals(field)) {
        usage = value == JsonToken.START_OBJECT ? fields(parser) : null;
      } else {
        parser.skipChildren();
      }
    }
    end(parser);
    return usage;
  }

  private static Fields fields(JsonParser parser) throws IOException {
    Fields fields = new Fields();
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String field = parser.currentName();
      JsonToken value = parser.nextToken();
      switch (field) {
        case "input_tokens" -> fields.input = number(parser, value);
        case "output_tokens" -> fields.output = number(parser, value);
        case "input_tokens_details" -> fields.cached = detail(parser, value, "cached_tokens");
        case "output_tokens_details" ->
            fields.reasoning = detail(parser, value, "reasoning_tokens");
        default -> parser.skipChildren();
      }
    }
    end(parser);
    return fields;
  }

  /** {@code name} in the details object the parser is at; empty when absent or not an object. */
  private static OptionalDouble detail(JsonParser parser, JsonToken value, String name)
      throws IOException {
    if (value != JsonToken.START_OBJECT) {
      parser.skipChildren();
      return OptionalDouble.empty();
    }
    OptionalDouble found = OptionalDouble.empty();
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String field = parser.currentName();
      JsonToken token = parser.nextToken();
      if (name.equals(field)) {
        found = number(parser, token);
      } else {
        parser.skipChildren();
      }
    }
    end(parser);
    return found;
  }

  /** What {@link Json#number} reads from the same value's node. */
  private static OptionalDouble number(JsonParser parser, JsonToken value) throws IOException {
    double number;
    switch (value) {
      case VALUE_NUMBER_INT:
        number =
            parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER
                ? parser.getBigIntegerValue().doubleValue()
                : (double) parser.getLongValue();
        break;
      case VALUE_NUMBER_FLOAT:
        // The tree keeps decimals as BigDecimal (Json.MAPPER's settings), then asks for a double.
        number = parser.getDecimalValue().doubleValue();
        break;
      case VALUE_STRING:
        return Numbers.parseDouble(parser.getText());
      default:
        parser.skipChildren();
        return OptionalDouble.empty();
    }
    return Double.isFinite(number) ? OptionalDouble.of(number) : OptionalDouble.empty();
  }

  /** An object's fields end only at its end; anything else means the text was cut short. */
  private static void end(JsonParser parser) throws IOException {
    if (parser.currentToken() != JsonToken.END_OBJECT) {
      throw new JsonParseException(parser, "object not closed");
    }
  }

  /** The usage fields as read; each absent until seen, a later one replacing an earlier one. */
  private static final class Fields {
    private OptionalDouble input = OptionalDouble.empty();
    private OptionalDouble output = OptionalDouble.empty();
    private OptionalDouble cached = OptionalDouble.empty();
    private OptionalDouble reasoning = OptionalDouble.empty();

    /** The same checks and clamps as the tree's read: {@link EventMapper#usage}. */
    Optional<ResponseUsage> usage() {
      return EventMapper.usage(whole(input), whole(output), whole(cached), whole(reasoning));
    }

    /** A count as {@link Json#whole} makes it of the same number. */
    private static OptionalLong whole(OptionalDouble number) {
      return number.isPresent()
          ? OptionalLong.of((long) number.getAsDouble())
          : OptionalLong.empty();
    }
  }
}
