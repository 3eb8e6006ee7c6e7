package io.codexlb.port.in;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;

/**
 * A request for the model list. Never printed with its key: {@link #toString()} hides it.
 *
 * @param bearer the presented key (the {@code Authorization} header's bearer token), if any
 * @param receivedAt when the request arrived
 */
public record ListModelsQuery(Optional<String> bearer, Instant receivedAt) {

  public ListModelsQuery {
    requireNonNull(bearer, "bearer");
    requireNonNull(receivedAt, "receivedAt");
  }

  @Override
  public String toString() {
    return "ListModelsQuery[bearer="
        + (bearer.isPresent() ? "***" : "none")
        + ", receivedAt="
        + receivedAt
        + "]";
  }
}
