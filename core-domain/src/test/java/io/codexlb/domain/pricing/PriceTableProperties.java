package io.codexlb.domain.pricing;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.RoundingMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;

/** The cost of any usage is its exact price, rounded up to a whole micro-dollar. */
class PriceTableProperties {

  private final PriceTable table = PriceTable.defaults();

  @Property
  void costIsTheExactPriceRoundedUp(
      @ForAll @LongRange(min = 0, max = 10_000_000_000L) long input,
      @ForAll @LongRange(min = 0, max = 100) long cachedPercent,
      @ForAll @LongRange(min = 0, max = 10_000_000_000L) long output) {
    long cached = input / 100 * cachedPercent;
    TokenUsage usage = new TokenUsage(input, cached, output);
    ModelPrice price = table.priceOf("gpt-5.1-codex-mini");

    BigDecimal exactDollars =
        dollars(input - cached, price.inputMicrosPerMillion())
            .add(dollars(cached, price.cachedInputMicrosPerMillion()))
            .add(dollars(output, price.outputMicrosPerMillion()));

    assertThat(table.costMicros("gpt-5.1-codex-mini", usage))
        .isEqualTo(
            exactDollars.movePointRight(6).setScale(0, RoundingMode.CEILING).longValueExact());
  }

  /** Up to where a long overflows and past it, at any prices: the exact cost, or saturated. */
  @Property
  void costIsExactOrSaturatesForAnyUsageAndPrices(
      @ForAll @LongRange(min = 0, max = Long.MAX_VALUE) long input,
      @ForAll @LongRange(min = 0, max = 100) long cachedPercent,
      @ForAll @LongRange(min = 0, max = Long.MAX_VALUE) long output,
      @ForAll @LongRange(min = 0, max = 1_000_000_000_000L) long inputPrice,
      @ForAll @LongRange(min = 0, max = 1_000_000_000_000L) long cachedPrice,
      @ForAll @LongRange(min = 0, max = 1_000_000_000_000L) long outputPrice) {
    long cached = input / 100 * cachedPercent;
    TokenUsage usage = new TokenUsage(input, cached, output);
    PriceTable priced =
        new PriceTable(java.util.Map.of(), new ModelPrice(inputPrice, cachedPrice, outputPrice));

    BigDecimal exactMicros =
        dollars(input - cached, inputPrice)
            .add(dollars(cached, cachedPrice))
            .add(dollars(output, outputPrice))
            .movePointRight(6)
            .setScale(0, RoundingMode.CEILING);

    assertThat(priced.costMicros("any", usage))
        .isEqualTo(exactMicros.min(BigDecimal.valueOf(Long.MAX_VALUE)).longValueExact());
  }

  private static BigDecimal dollars(long tokens, long microsPerMillion) {
    return BigDecimal.valueOf(tokens)
        .multiply(BigDecimal.valueOf(microsPerMillion))
        .movePointLeft(12);
  }
}
