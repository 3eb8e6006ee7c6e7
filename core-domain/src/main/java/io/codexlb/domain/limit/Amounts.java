package io.codexlb.domain.limit;

/** Saturating arithmetic on counted amounts: a huge count sticks at the maximum, never wraps. */
final class Amounts {

  private Amounts() {}

  static long add(long a, long b) {
    long sum = a + b;
    // Both are non-negative, so overflow shows as a negative sum.
    return sum < 0 ? Long.MAX_VALUE : sum;
  }
}
