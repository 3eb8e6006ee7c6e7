package io.codexlb.domain.pricing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class PriceTableTest {

  private final PriceTable defaults = PriceTable.defaults();

  @Test
  void gpt5CostsItsListPricePerMillionTokens() {
    // 1M uncached input at $1.25 + 1M output at $10.00
    long cost = defaults.costMicros("gpt-5", new TokenUsage(1_000_000, 0, 1_000_000));

    assertThat(cost).isEqualTo(11_250_000);
  }

  @Test
  void cachedInputIsBilledAtTheCachedPriceAndNotAgainAsInput() {
    // 1M input of which 800k cached: 200k at $1.25/M + 800k at $0.125/M = $0.25 + $0.10
    long cost = defaults.costMicros("gpt-5", new TokenUsage(1_000_000, 800_000, 0));

    assertThat(cost).isEqualTo(350_000);
  }

  @Test
  void reasoningTokensCostAsOutputBecauseOutputIncludesThem() {
    long cost = defaults.costMicros("gpt-5-mini", new TokenUsage(0, 0, 500_000));

    assertThat(cost).isEqualTo(1_000_000);
  }

  @Test
  void aFractionOfAMicroDollarIsRoundedUpOnceForTheWholeUsage() {
    // 1 input token of gpt-5-nano: $0.05/M = 0.05 micro-dollars; 1 cached: 0.005 -> 0.055 -> 1
    assertThat(defaults.costMicros("gpt-5-nano", new TokenUsage(2, 1, 0))).isEqualTo(1);
    assertThat(defaults.costMicros("gpt-5-nano", new TokenUsage(0, 0, 0))).isZero();
    // 8 output tokens of gpt-5: 80 micro-dollars exactly, no rounding
    assertThat(defaults.costMicros("gpt-5", new TokenUsage(0, 0, 8))).isEqualTo(80);
  }

  @Test
  void unknownModelsCostTheFallbackPriceWhichDefaultsToTheDearestDefault() {
    TokenUsage usage = new TokenUsage(1234, 34, 5678);

    assertThat(defaults.lists("some-future-model")).isFalse();
    assertThat(defaults.costMicros("some-future-model", usage))
        .isEqualTo(defaults.costMicros("gpt-5.5", usage));
    for (String model : defaults.prices().keySet()) {
      assertThat(defaults.costMicros(model, usage))
          .as(model)
          .isLessThanOrEqualTo(defaults.costMicros("some-future-model", usage));
    }
  }

  @Test
  void newerModelsHaveTheirOwnListPrices() {
    // 1M uncached input + 1M output tokens, in micro-dollars.
    TokenUsage million = new TokenUsage(1_000_000, 0, 1_000_000);

    assertThat(defaults.costMicros("gpt-5.3-codex", million)).isEqualTo(15_750_000);
    assertThat(defaults.costMicros("gpt-5.4", million)).isEqualTo(17_500_000);
    assertThat(defaults.costMicros("gpt-5.4-mini", million)).isEqualTo(5_250_000);
    assertThat(defaults.costMicros("gpt-5.5", million)).isEqualTo(35_000_000);
  }

  @Test
  void modelNamesMatchExactlyAndCaseSensitively() {
    assertThat(defaults.lists("gpt-5-mini")).isTrue();
    assertThat(defaults.lists("GPT-5-MINI")).isFalse();
    assertThat(defaults.priceOf("GPT-5-MINI")).isEqualTo(defaults.fallback());
  }

  @Test
  void overridesReplaceAndExtendTheDefaults() {
    ModelPrice cheap = ModelPrice.ofDollarsPerMillion("0.10", "0.01", "0.50");
    PriceTable table = defaults.withOverrides(Map.of("gpt-5", cheap, "my-model", cheap));

    assertThat(table.priceOf("gpt-5")).isEqualTo(cheap);
    assertThat(table.priceOf("my-model")).isEqualTo(cheap);
    assertThat(table.priceOf("gpt-5-mini")).isEqualTo(defaults.priceOf("gpt-5-mini"));
    assertThat(defaults.priceOf("gpt-5")).isNotEqualTo(cheap);
  }

  @Test
  void theFallbackCanBeConfigured() {
    ModelPrice free = new ModelPrice(0, 0, 0);

    assertThat(defaults.withFallback(free).costMicros("unknown", new TokenUsage(9, 0, 9))).isZero();
  }

  @Test
  void dollarPricesAreConvertedExactly() {
    assertThat(ModelPrice.ofDollarsPerMillion("1.25", "0.125", "10"))
        .isEqualTo(new ModelPrice(1_250_000, 125_000, 10_000_000));
  }

  @Test
  void pricesFinerThanAMicroDollarOrNegativeAreRejected() {
    assertThatThrownBy(() -> ModelPrice.ofDollarsPerMillion("0.0000001", "0", "0"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "input: 0.0000001 (expected: US dollars per million tokens, at most 6 decimals)");
    assertThatThrownBy(() -> ModelPrice.ofDollarsPerMillion("1", "-1", "0"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("cachedInputMicrosPerMillion: -1000000 (expected: >= 0)");
  }

  @Test
  void cachedTokensCannotExceedInputTokens() {
    assertThatThrownBy(() -> new TokenUsage(10, 11, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("cachedInputTokens: 11 (expected: 0..10)");
  }
}
