package io.codexlb.domain.limit;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/** What a limit counts; {@link #wireName()} is the {@code limit_type} of the API and the store. */
public enum LimitType {
  /** Input plus output tokens. */
  TOTAL_TOKENS("total_tokens"),
  /** Input tokens, cached included. */
  INPUT_TOKENS("input_tokens"),
  /** Output tokens, reasoning included. */
  OUTPUT_TOKENS("output_tokens"),
  /** Cost in micro-dollars. */
  COST_USD("cost_usd"),
  /** Requests: each request counts one. */
  REQUESTS("requests");

  private final String wireName;

  LimitType(String wireName) {
    this.wireName = wireName;
  }

  /** The name in the API, the dashboard and the store, e.g. {@code total_tokens}. */
  public String wireName() {
    return wireName;
  }

  /** The type with the given wire name, if there is one. */
  public static Optional<LimitType> fromWireName(String wireName) {
    requireNonNull(wireName, "wireName");
    for (LimitType type : values()) {
      if (type.wireName.equals(wireName)) {
        return Optional.of(type);
      }
    }
    return Optional.empty();
  }

  /** How much of this limit one request with the given usage takes; saturates, never overflows. */
  public long amountOf(Usage usage) {
    requireNonNull(usage, "usage");
    return switch (this) {
      case TOTAL_TOKENS -> Amounts.add(usage.inputTokens(), usage.outputTokens());
      case INPUT_TOKENS -> usage.inputTokens();
      case OUTPUT_TOKENS -> usage.outputTokens();
      case COST_USD -> usage.costMicros();
      case REQUESTS -> 1;
    };
  }
}
