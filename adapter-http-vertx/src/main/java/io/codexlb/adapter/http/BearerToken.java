package io.codexlb.adapter.http;

import io.vertx.core.http.HttpServerRequest;
import java.util.Optional;

/** The key a proxy request presents in its {@code Authorization} header. */
final class BearerToken {

  private BearerToken() {}

  /**
   * The bearer token, or the whole header when it is not a bearer one (it will not validate, and
   * the key check says why); empty without the header.
   */
  static Optional<String> of(HttpServerRequest request) {
    String authorization = request.getHeader("Authorization");
    if (authorization == null) {
      return Optional.empty();
    }
    String value = authorization.strip();
    if (value.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return Optional.of(value.substring(7).strip());
    }
    return Optional.of(value);
  }
}
