package io.codexlb.domain.limit;

/**
 * What a request used, or is estimated to use, in the units limits count. A request counts as one
 * {@code requests} unit by itself, so there is no field for it.
 *
 * @param inputTokens input tokens, cached included; {@code >= 0}
 * @param outputTokens output tokens, reasoning included; {@code >= 0}
 * @param costMicros cost in micro-dollars (see {@code PriceTable.costMicros}); {@code >= 0}
 */
public record Usage(long inputTokens, long outputTokens, long costMicros) {

  /** Nothing used. */
  public static final Usage NONE = new Usage(0, 0, 0);

  public Usage {
    requireNonNegative("inputTokens", inputTokens);
    requireNonNegative("outputTokens", outputTokens);
    requireNonNegative("costMicros", costMicros);
  }

  private static void requireNonNegative(String name, long value) {
    if (value < 0) {
      throw new IllegalArgumentException(name + ": " + value + " (expected: >= 0)");
    }
  }
}
