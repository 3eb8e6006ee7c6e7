package io.codexlb.domain.pricing;

import static java.util.Objects.requireNonNull;

import java.math.BigDecimal;

/**
 * The price of one model, in micro-dollars (millionths of a US dollar) per million tokens. Whole
 * micro-dollars per million tokens are exact for every published price (the smallest is $0.005 per
 * million, 5,000 here), so no price is ever rounded.
 *
 * @param inputMicrosPerMillion uncached input tokens; {@code >= 0}
 * @param cachedInputMicrosPerMillion cached input tokens; {@code >= 0}
 * @param outputMicrosPerMillion output tokens, reasoning included; {@code >= 0}
 */
public record ModelPrice(
    long inputMicrosPerMillion, long cachedInputMicrosPerMillion, long outputMicrosPerMillion) {

  private static final BigDecimal MICROS_PER_DOLLAR = BigDecimal.valueOf(1_000_000);

  public ModelPrice {
    requireNonNegative("inputMicrosPerMillion", inputMicrosPerMillion);
    requireNonNegative("cachedInputMicrosPerMillion", cachedInputMicrosPerMillion);
    requireNonNegative("outputMicrosPerMillion", outputMicrosPerMillion);
  }

  /**
   * A price from US dollars per million tokens, as price lists and configuration write them (e.g.
   * {@code "1.25"}).
   *
   * @throws IllegalArgumentException if a price is negative or finer than a micro-dollar
   */
  public static ModelPrice ofDollarsPerMillion(String input, String cachedInput, String output) {
    return new ModelPrice(
        toMicros("input", input), toMicros("cachedInput", cachedInput), toMicros("output", output));
  }

  private static long toMicros(String name, String dollars) {
    requireNonNull(dollars, name);
    try {
      return new BigDecimal(dollars).multiply(MICROS_PER_DOLLAR).longValueExact();
    } catch (ArithmeticException | NumberFormatException e) {
      throw new IllegalArgumentException(
          name + ": " + dollars + " (expected: US dollars per million tokens, at most 6 decimals)");
    }
  }

  private static void requireNonNegative(String name, long value) {
    if (value < 0) {
      throw new IllegalArgumentException(name + ": " + value + " (expected: >= 0)");
    }
  }
}
