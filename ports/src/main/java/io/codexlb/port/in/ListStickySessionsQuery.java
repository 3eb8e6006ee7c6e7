package io.codexlb.port.in;

import static java.util.Objects.requireNonNull;

import io.codexlb.domain.sticky.StickyKey;
import java.util.Optional;

/**
 * Which pins to list: up to {@code limit} live ones, ordered by key, after {@code after} when given
 * (the previous page's {@code next}).
 *
 * @param after the key the previous page ended with
 * @param limit the page size, 1 to {@value #MAX_LIMIT}
 */
public record ListStickySessionsQuery(Optional<StickyKey> after, int limit) {

  /** The largest page. */
  public static final int MAX_LIMIT = 1_000;

  public ListStickySessionsQuery {
    requireNonNull(after, "after");
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new IllegalArgumentException("limit: " + limit + " (expected: 1-" + MAX_LIMIT + ")");
    }
  }
}
