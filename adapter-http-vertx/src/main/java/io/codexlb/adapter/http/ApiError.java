package io.codexlb.adapter.http;

import static java.util.Objects.requireNonNull;

import java.util.Map;

/**
 * An error as the client sees it: the HTTP status, the OpenAI error envelope's {@code code}, {@code
 * type} and {@code message}, and any extra response headers (such as {@code Retry-After}).
 *
 * <p>Each kind of error has one factory here, so that the codes, types and statuses promised in the
 * troubleshooting guide are spelled in one place. Messages never carry stack traces or secrets.
 *
 * @param status the HTTP status, 400 to 599
 * @param code the machine-readable code, such as {@code not_found}
 * @param type the OpenAI error type, such as {@code invalid_request_error}
 * @param message for a person; safe to show to the client
 * @param headers extra response headers, usually none
 */
record ApiError(int status, String code, String type, String message, Map<String, String> headers) {

  static final String INVALID_REQUEST_ERROR = "invalid_request_error";
  static final String SERVER_ERROR = "server_error";

  ApiError {
    if (status < 400 || status > 599) {
      throw new IllegalArgumentException("status: " + status + " (expected: 400 to 599)");
    }
    requireNonNull(code, "code");
    requireNonNull(type, "type");
    requireNonNull(message, "message");
    headers = Map.copyOf(requireNonNull(headers, "headers"));
  }

  ApiError(int status, String code, String type, String message) {
    this(status, code, type, message, Map.of());
  }

  /** No route matches the request's path. */
  static ApiError notFound(String method, String path) {
    return new ApiError(
        404, "not_found", INVALID_REQUEST_ERROR, "No route for " + method + " " + path);
  }

  /** A route matches the path, but not the method. */
  static ApiError methodNotAllowed(String method, String path) {
    return new ApiError(
        405,
        "method_not_allowed",
        INVALID_REQUEST_ERROR,
        "Method " + method + " is not allowed for " + path);
  }

  /**
   * A request the HTTP layer itself refused with a 4xx status, such as a body over the size limit.
   */
  static ApiError rejectedRequest(int status) {
    if (status < 400 || status > 499) {
      throw new IllegalArgumentException("status: " + status + " (expected: 400 to 499)");
    }
    return switch (status) {
      case 413 ->
          new ApiError(
              status, "request_too_large", INVALID_REQUEST_ERROR, "Request body is too large");
      case 415 ->
          new ApiError(
              status, "unsupported_media_type", INVALID_REQUEST_ERROR, "Unsupported content type");
      default ->
          new ApiError(
              status,
              "invalid_request",
              INVALID_REQUEST_ERROR,
              "Invalid request (HTTP " + status + ")");
    };
  }

  /** Anything unexpected: a bug or broken infrastructure. The details go to the log only. */
  static ApiError internalError() {
    return new ApiError(500, "internal_error", SERVER_ERROR, "Internal server error");
  }
}
