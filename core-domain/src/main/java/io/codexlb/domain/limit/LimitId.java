package io.codexlb.domain.limit;

import java.util.Comparator;

/** A key has at most one limit per type and window; this pair names it inside the ledger. */
record LimitId(LimitType type, LimitWindow window) implements Comparable<LimitId> {

  private static final Comparator<LimitId> ORDER =
      Comparator.comparing(LimitId::type).thenComparing(LimitId::window);

  @Override
  public int compareTo(LimitId other) {
    return ORDER.compare(this, other);
  }
}
