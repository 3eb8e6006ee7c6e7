package io.codexlb.testkit;

/**
 * The usage a scripted stream reports in {@code response.completed}, as the ChatGPT backend counts
 * it: {@code inputTokens} includes {@code cachedTokens} and {@code outputTokens} includes {@code
 * reasoningTokens}; the total is input plus output.
 */
public record ScriptedUsage(
    int inputTokens, int cachedTokens, int outputTokens, int reasoningTokens) {

  /** Checks the counts, so a test cannot script a usage the real backend never reports. */
  public ScriptedUsage {
    requireNonNegative("inputTokens", inputTokens);
    requireNonNegative("cachedTokens", cachedTokens);
    requireNonNegative("outputTokens", outputTokens);
    requireNonNegative("reasoningTokens", reasoningTokens);
    if (cachedTokens > inputTokens) {
      throw new IllegalArgumentException(
          "cachedTokens: " + cachedTokens + " (expected: at most inputTokens " + inputTokens + ")");
    }
    if (reasoningTokens > outputTokens) {
      throw new IllegalArgumentException(
          "reasoningTokens: "
              + reasoningTokens
              + " (expected: at most outputTokens "
              + outputTokens
              + ")");
    }
  }

  /** Input plus output, as {@code usage.total_tokens} reports it. */
  public int totalTokens() {
    return inputTokens + outputTokens;
  }

  private static void requireNonNegative(String name, int value) {
    if (value < 0) {
      throw new IllegalArgumentException(name + ": " + value + " (expected: >= 0)");
    }
  }
}
