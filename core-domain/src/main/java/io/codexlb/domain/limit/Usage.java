package io.codexlb.domain.limit;

import static java.util.Objects.requireNonNull;

import io.codexlb.domain.pricing.PriceTable;
import io.codexlb.domain.pricing.TokenUsage;

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

  /**
   * The usage of a response as limits count it: its tokens, and their cost at the model's price.
   */
  public static Usage priced(String model, TokenUsage tokens, PriceTable prices) {
    requireNonNull(tokens, "tokens");
    requireNonNull(prices, "prices");
    return new Usage(tokens.inputTokens(), tokens.outputTokens(), prices.costMicros(model, tokens));
  }

  private static void requireNonNegative(String name, long value) {
    if (value < 0) {
      throw new IllegalArgumentException(name + ": " + value + " (expected: >= 0)");
    }
  }
}
