package io.codexlb.domain.upstream;

import static java.util.Objects.requireNonNull;

import io.codexlb.domain.pricing.TokenUsage;

/**
 * The usage a response's terminal event reported ({@code response.usage}): tokens for pricing and
 * limits, and the reasoning part of the output for the request log.
 *
 * @param tokens input (cached included), cached input, output (reasoning included)
 * @param reasoningTokens {@code output_tokens_details.reasoning_tokens}; {@code 0..output}
 */
public record ResponseUsage(TokenUsage tokens, long reasoningTokens) {

  public ResponseUsage {
    requireNonNull(tokens, "tokens");
    if (reasoningTokens < 0 || reasoningTokens > tokens.outputTokens()) {
      throw new IllegalArgumentException(
          "reasoningTokens: " + reasoningTokens + " (expected: 0.." + tokens.outputTokens() + ")");
    }
  }
}
