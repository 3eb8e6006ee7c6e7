package io.codexlb.domain.pricing;

import static java.util.Objects.requireNonNull;

import java.math.BigInteger;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * Prices by model name, with a fallback price for models the table does not list.
 *
 * <p>Model names match exactly and case-sensitively, as {@code allowed_models} does. An unknown
 * model costs the {@linkplain #fallback() fallback} price; the defaults use the price of {@code
 * gpt-5.5}, the dearest default model, so an unknown model is never counted as cheaper than a known
 * flagship and a {@code cost_usd} limit errs on the side of stopping too early.
 *
 * <p>The default prices are OpenAI's published standard-tier API list prices, the same figures the
 * original codex-lb's default pricing table carries (priority, flex and long-context tiers are not
 * modelled yet). Configuration corrects or extends them with {@link #withOverrides(Map)} and {@link
 * #withFallback(ModelPrice)}.
 *
 * @param prices price by exact model name
 * @param fallback the price of any model not in {@code prices}
 */
public record PriceTable(Map<String, ModelPrice> prices, ModelPrice fallback) {

  private static final long TOKENS_PER_MILLION_LONG = 1_000_000;
  private static final BigInteger TOKENS_PER_MILLION = BigInteger.valueOf(TOKENS_PER_MILLION_LONG);
  private static final BigInteger LONG_MAX = BigInteger.valueOf(Long.MAX_VALUE);

  private static final ModelPrice GPT_5 = ModelPrice.ofDollarsPerMillion("1.25", "0.125", "10.00");
  private static final ModelPrice GPT_5_MINI =
      ModelPrice.ofDollarsPerMillion("0.25", "0.025", "2.00");
  private static final ModelPrice GPT_5_NANO =
      ModelPrice.ofDollarsPerMillion("0.05", "0.005", "0.40");
  private static final ModelPrice CODEX_MINI =
      ModelPrice.ofDollarsPerMillion("1.50", "0.375", "6.00");
  private static final ModelPrice GPT_5_2 =
      ModelPrice.ofDollarsPerMillion("1.75", "0.175", "14.00");
  private static final ModelPrice GPT_5_4 = ModelPrice.ofDollarsPerMillion("2.50", "0.25", "15.00");
  private static final ModelPrice GPT_5_4_MINI =
      ModelPrice.ofDollarsPerMillion("0.75", "0.075", "4.50");
  private static final ModelPrice GPT_5_4_NANO =
      ModelPrice.ofDollarsPerMillion("0.20", "0.02", "1.25");
  private static final ModelPrice GPT_5_5 = ModelPrice.ofDollarsPerMillion("5.00", "0.50", "30.00");

  public PriceTable {
    requireNonNull(prices, "prices");
    requireNonNull(fallback, "fallback");
    prices.forEach(
        (model, price) -> {
          requireNonNull(model, "model");
          requireNonNull(price, "price");
          if (model.isBlank()) {
            throw new IllegalArgumentException("model: blank (expected: a model name)");
          }
        });
    prices = Collections.unmodifiableMap(new TreeMap<>(prices));
  }

  /** The default table: the gpt-5 family and the Codex models, falling back to gpt-5.5's price. */
  public static PriceTable defaults() {
    Map<String, ModelPrice> prices = new TreeMap<>();
    prices.put("gpt-5", GPT_5);
    prices.put("gpt-5-codex", GPT_5);
    prices.put("gpt-5-mini", GPT_5_MINI);
    prices.put("gpt-5-nano", GPT_5_NANO);
    prices.put("gpt-5.1", GPT_5);
    prices.put("gpt-5.1-codex", GPT_5);
    prices.put("gpt-5.1-codex-mini", GPT_5_MINI);
    prices.put("gpt-5.1-codex-max", GPT_5);
    prices.put("codex-mini-latest", CODEX_MINI);
    prices.put("gpt-5.2", GPT_5_2);
    prices.put("gpt-5.2-codex", GPT_5_2);
    prices.put("gpt-5.3-codex", GPT_5_2);
    prices.put("gpt-5.4", GPT_5_4);
    prices.put("gpt-5.4-mini", GPT_5_4_MINI);
    prices.put("gpt-5.4-nano", GPT_5_4_NANO);
    prices.put("gpt-5.5", GPT_5_5);
    return new PriceTable(prices, GPT_5_5);
  }

  /** This table with the given prices added or replacing the listed ones (configuration wins). */
  public PriceTable withOverrides(Map<String, ModelPrice> overrides) {
    requireNonNull(overrides, "overrides");
    Map<String, ModelPrice> merged = new TreeMap<>(prices);
    merged.putAll(overrides);
    return new PriceTable(merged, fallback);
  }

  /** This table with another price for unknown models. */
  public PriceTable withFallback(ModelPrice newFallback) {
    return new PriceTable(prices, requireNonNull(newFallback, "newFallback"));
  }

  /** Whether the model has a price of its own, rather than the fallback. */
  public boolean lists(String model) {
    return prices.containsKey(requireNonNull(model, "model"));
  }

  /** The model's price, or the fallback if the table does not list it. */
  public ModelPrice priceOf(String model) {
    return prices.getOrDefault(requireNonNull(model, "model"), fallback);
  }

  /**
   * The cost of a usage in micro-dollars: uncached input, cached input and output (reasoning
   * included) at the model's prices. The sum is exact and rounded up once, at the end, to a whole
   * micro-dollar, so a usage never counts as cheaper than it is; an absurdly large cost saturates
   * at {@link Long#MAX_VALUE} instead of overflowing.
   */
  public long costMicros(String model, TokenUsage usage) {
    requireNonNull(usage, "usage");
    ModelPrice price = priceOf(model);
    long scaled;
    try {
      // Every real usage fits a long many times over: exact long arithmetic, with no BigInteger
      // (a dozen objects a request) unless a product overflows.
      scaled =
          Math.addExact(
              Math.addExact(
                  Math.multiplyExact(usage.uncachedInputTokens(), price.inputMicrosPerMillion()),
                  Math.multiplyExact(
                      usage.cachedInputTokens(), price.cachedInputMicrosPerMillion())),
              Math.multiplyExact(usage.outputTokens(), price.outputMicrosPerMillion()));
    } catch (ArithmeticException overflow) {
      return costMicrosExact(price, usage);
    }
    // Division truncates toward zero and the remainder has the dividend's sign, as BigInteger's
    // divideAndRemainder: the same rounding as the exact path.
    long micros = scaled / TOKENS_PER_MILLION_LONG;
    return scaled % TOKENS_PER_MILLION_LONG > 0 ? micros + 1 : micros;
  }

  /** {@link #costMicros} in arbitrary precision, for a usage whose cost overflows a long. */
  private static long costMicrosExact(ModelPrice price, TokenUsage usage) {
    BigInteger scaled =
        BigInteger.valueOf(usage.uncachedInputTokens())
            .multiply(BigInteger.valueOf(price.inputMicrosPerMillion()))
            .add(
                BigInteger.valueOf(usage.cachedInputTokens())
                    .multiply(BigInteger.valueOf(price.cachedInputMicrosPerMillion())))
            .add(
                BigInteger.valueOf(usage.outputTokens())
                    .multiply(BigInteger.valueOf(price.outputMicrosPerMillion())));
    BigInteger[] quotientAndRemainder = scaled.divideAndRemainder(TOKENS_PER_MILLION);
    BigInteger micros = quotientAndRemainder[0];
    if (quotientAndRemainder[1].signum() > 0) {
      micros = micros.add(BigInteger.ONE);
    }
    return micros.min(LONG_MAX).longValueExact();
  }
}
