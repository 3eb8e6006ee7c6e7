package io.codexlb.domain.pricing;

/**
 * The tokens one response used, as the upstream reports them: {@code input_tokens} includes the
 * cached ones, {@code output_tokens} includes the reasoning ones.
 *
 * @param inputTokens all input tokens, cached included; {@code >= 0}
 * @param cachedInputTokens the part of the input served from the prompt cache; {@code 0..input}
 * @param outputTokens all output tokens, reasoning included; {@code >= 0}
 */
public record TokenUsage(long inputTokens, long cachedInputTokens, long outputTokens) {

  public TokenUsage {
    if (inputTokens < 0) {
      throw new IllegalArgumentException("inputTokens: " + inputTokens + " (expected: >= 0)");
    }
    if (cachedInputTokens < 0 || cachedInputTokens > inputTokens) {
      throw new IllegalArgumentException(
          "cachedInputTokens: " + cachedInputTokens + " (expected: 0.." + inputTokens + ")");
    }
    if (outputTokens < 0) {
      throw new IllegalArgumentException("outputTokens: " + outputTokens + " (expected: >= 0)");
    }
  }

  /** Input tokens billed at the full input price: all input minus the cached part. */
  public long uncachedInputTokens() {
    return inputTokens - cachedInputTokens;
  }
}
