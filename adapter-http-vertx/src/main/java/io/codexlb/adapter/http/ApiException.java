package io.codexlb.adapter.http;

import static java.util.Objects.requireNonNull;

/**
 * A handler's refusal of a client's request, answered with its {@link ApiError}: throw it, or pass
 * it to {@code RoutingContext.fail}, and the router's failure handler sends the error envelope. It
 * is an expected outcome, so it carries no stack trace and is never logged as a failure.
 */
public final class ApiException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  @SuppressWarnings("serial") // records are not Serializable; this exception is never serialized
  private final ApiError error;

  public ApiException(ApiError error) {
    super(requireNonNull(error, "error").message(), null, false, false);
    this.error = error;
  }

  /** What the client is answered. */
  public ApiError error() {
    return error;
  }
}
