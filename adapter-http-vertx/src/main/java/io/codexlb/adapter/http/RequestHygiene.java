package io.codexlb.adapter.http;

import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What a listener refuses before any router sees a request (RFC 9110 and 9112): a request Vert.x
 * could not decode, and a decoded one whose framing or target cannot be trusted. Each refusal is a
 * 4xx (505 for a version this server does not speak) in the error envelope, after which the
 * connection is closed, since whatever follows on it may not be where the client meant a request to
 * start.
 */
final class RequestHygiene {

  private RequestHygiene() {}

  /**
   * The refusal of a request Vert.x decoded but that must not be served, or null to serve it:
   *
   * <ul>
   *   <li>{@code Transfer-Encoding} together with {@code Content-Length} (an HTTP/1.0 request gets
   *       here with both; {@link StrictRequestDecoder} catches them in HTTP/1.1);
   *   <li>a {@code Transfer-Encoding} other than {@code chunked} alone: the body's length cannot be
   *       known;
   *   <li>a {@code %} in the request target not followed by two hex digits, which the router could
   *       not decode.
   * </ul>
   */
  static @Nullable ApiError check(HttpServerRequest request) {
    List<String> encodings = request.headers().getAll(HttpHeaders.TRANSFER_ENCODING);
    if (!encodings.isEmpty()) {
      if (request.headers().contains(HttpHeaders.CONTENT_LENGTH)) {
        return ApiError.malformedRequest("Content-Length together with Transfer-Encoding");
      }
      if (encodings.size() != 1 || !"chunked".equalsIgnoreCase(encodings.get(0).trim())) {
        return ApiError.malformedRequest("Unsupported Transfer-Encoding: only chunked is accepted");
      }
    }
    if (!wellFormedPercentEncoding(request.uri())) {
      return ApiError.malformedRequest("Malformed percent-encoding in the request target");
    }
    return null;
  }

  /** The answer to a request whose head Vert.x could not decode. */
  static ApiError invalid(HttpServerRequest request) {
    Throwable cause = request.decoderResult().cause();
    if (cause instanceof StrictRequestDecoder.UnsupportedVersion) {
      return ApiError.httpVersionNotSupported();
    }
    if (cause instanceof TooLongHttpLineException) {
      return ApiError.rejectedRequest(414);
    }
    if (cause instanceof TooLongHttpHeaderException) {
      return ApiError.rejectedRequest(431);
    }
    if (cause instanceof StrictRequestDecoder.AmbiguousLength) {
      return ApiError.malformedRequest("Content-Length together with Transfer-Encoding");
    }
    return ApiError.malformedRequest("Malformed HTTP request");
  }

  /** Every {@code %} is followed by two hex digits. */
  static boolean wellFormedPercentEncoding(String target) {
    for (int i = target.indexOf('%'); i >= 0; i = target.indexOf('%', i + 1)) {
      if (i + 2 >= target.length() || !hex(target.charAt(i + 1)) || !hex(target.charAt(i + 2))) {
        return false;
      }
    }
    return true;
  }

  private static boolean hex(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }
}
