package io.codexlb.domain.settings;

import static java.util.Objects.requireNonNull;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * How the balancer picks an account among the eligible ones, by its wire name in the {@code
 * routing_strategy} setting.
 *
 * <p>Wire names are matched case-sensitively, exactly as written here: upstream codex-lb checks
 * them with a case-sensitive pattern, so a value it rejects is rejected here too, and each strategy
 * has one spelling in stored settings and API answers.
 */
public enum RoutingStrategy {
  /** The least recently selected account first. */
  ROUND_ROBIN("round_robin"),
  /** The least used account first (weekly window, then the short window). */
  USAGE_WEIGHTED("usage_weighted"),
  /** A random account weighted by its remaining weekly capacity; the default. */
  CAPACITY_WEIGHTED("capacity_weighted"),
  /** The most used account first, draining one account before the next. */
  FILL_FIRST("fill_first");

  private final String wireName;

  RoutingStrategy(String wireName) {
    this.wireName = wireName;
  }

  /** The name in settings JSON and the store, e.g. {@code capacity_weighted}. */
  public String wireName() {
    return wireName;
  }

  /** The strategy with exactly this wire name, if any. */
  public static Optional<RoutingStrategy> fromWireName(String wireName) {
    requireNonNull(wireName, "wireName");
    for (RoutingStrategy strategy : values()) {
      if (strategy.wireName.equals(wireName)) {
        return Optional.of(strategy);
      }
    }
    return Optional.empty();
  }

  /** The wire names for an error message: {@code "a, b, c or d"}. */
  static String expectedWireNames() {
    List<String> names = Arrays.stream(values()).map(RoutingStrategy::wireName).toList();
    return String.join(", ", names.subList(0, names.size() - 1))
        + " or "
        + names.get(names.size() - 1);
  }

  @Override
  public String toString() {
    return wireName;
  }
}
