package io.codexlb.port.in;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;

/**
 * A request's key, as its headers present it. Never printed with its key: {@link #toString()} hides
 * it.
 *
 * @param bearer the presented key (the {@code Authorization} header's bearer token), if any
 * @param receivedAt when the request arrived
 */
public record AuthenticateBearerQuery(Optional<String> bearer, Instant receivedAt) {

  public AuthenticateBearerQuery {
    requireNonNull(bearer, "bearer");
    requireNonNull(receivedAt, "receivedAt");
  }

  @Override
  public String toString() {
    return "AuthenticateBearerQuery[bearer="
        + (bearer.isPresent() ? "***" : "none")
        + ", receivedAt="
        + receivedAt
        + "]";
  }
}
