package io.codexlb.adapter.http.metrics;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A label whose values come from outside (a client's model name, an API key's id): the first {@code
 * limit} distinct values are kept as they are, every later one becomes {@value #OTHER}, so that no
 * client can grow the number of time series without bound.
 */
final class BoundedLabels {

  /** The value that stands for every value past the limit. */
  static final String OTHER = "other";

  private final int limit;
  private final Set<String> seen = ConcurrentHashMap.newKeySet();

  /**
   * @param limit how many distinct values are kept; {@code >= 1}
   */
  BoundedLabels(int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("limit: " + limit + " (expected: >= 1)");
    }
    this.limit = limit;
  }

  /** The value as a label: itself while it is one of the first {@code limit}, else "other". */
  String of(String value) {
    if (seen.contains(value)) {
      return value;
    }
    // Racing threads may admit a few values past the limit: harmless, the bound stays close.
    if (seen.size() < limit) {
      seen.add(value);
      return value;
    }
    return OTHER;
  }
}
