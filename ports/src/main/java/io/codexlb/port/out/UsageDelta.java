package io.codexlb.port.out;

import static java.util.Objects.requireNonNull;

import io.codexlb.domain.limit.LimitType;
import io.codexlb.domain.limit.LimitWindow;

/**
 * A change to one limit's {@code current_value}: positive when usage is counted, negative when a
 * reservation is given back.
 *
 * @param type the limit's type
 * @param window the limit's window
 * @param amount what to add; may be negative
 */
public record UsageDelta(LimitType type, LimitWindow window, long amount) {

  public UsageDelta {
    requireNonNull(type, "type");
    requireNonNull(window, "window");
  }
}
