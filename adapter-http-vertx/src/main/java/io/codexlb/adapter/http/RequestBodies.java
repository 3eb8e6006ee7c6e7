package io.codexlb.adapter.http;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.util.stream.Collectors;

/**
 * Strict JSON request bodies for the admin API: a body is mapped onto a record, and anything the
 * record does not expect is the client's mistake, answered with 400 naming the field, never ignored
 * (a misspelt {@code is_actve} must not look like a successful update).
 *
 * <p>The body must have been read by the route's body handler (at most 1 MiB on the admin API).
 */
public final class RequestBodies {

  // Strict where leniency would hide a client's mistake: unknown fields, a string for a boolean,
  // duplicate keys, trailing content. A field left out is null, or a primitive's default: a
  // record whose route must tell "absent" apart uses boxed types.
  private static final ObjectMapper STRICT =
      JsonMapper.builder()
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .build();

  private RequestBodies() {}

  /**
   * The request's body as a {@code type}.
   *
   * @throws ApiException 400 {@code invalid_request_error} naming the field when the body is
   *     missing, not JSON, has a field {@code type} does not have, or a value of the wrong type
   */
  public static <T> T json(RoutingContext ctx, Class<T> type) {
    requireNonNull(type, "type");
    byte[] body = BoundedBodyHandler.body(requireNonNull(ctx, "ctx"));
    if (body.length == 0) {
      throw new ApiException(ApiError.invalidRequest("The request body must be a JSON object"));
    }
    try {
      T value = STRICT.readValue(body, type);
      if (value == null) {
        throw new ApiException(ApiError.invalidRequest("The request body must be a JSON object"));
      }
      return value;
    } catch (UnrecognizedPropertyException e) {
      throw new ApiException(ApiError.invalidRequest("Unknown field '" + fieldPath(e) + "'"));
    } catch (JsonMappingException e) {
      String field = fieldPath(e);
      throw new ApiException(
          ApiError.invalidRequest(
              field.isEmpty()
                  ? "The request body does not have the expected shape"
                  : "Field '" + field + "' has a value of the wrong type"));
    } catch (JsonProcessingException e) {
      throw new ApiException(ApiError.invalidRequest("The request body is not valid JSON"));
    } catch (IOException e) {
      // Reading from a byte array does no I/O; Jackson declares it all the same.
      throw new ApiException(ApiError.invalidRequest("The request body is not valid JSON"));
    }
  }

  /** The JSON path of the field a mapping failure is about, like {@code limits[0].max_value}. */
  private static String fieldPath(JsonMappingException e) {
    return e.getPath().stream()
        .map(
            ref ->
                ref.getFieldName() != null ? "." + ref.getFieldName() : "[" + ref.getIndex() + "]")
        .collect(Collectors.joining())
        .replaceFirst("^\\.", "");
  }
}
