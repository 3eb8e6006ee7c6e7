package io.codexlb.port.in;

import static java.util.Objects.requireNonNull;

import io.codexlb.domain.sticky.StickyKey;
import io.codexlb.domain.sticky.StickyPin;
import java.util.List;
import java.util.Optional;

/**
 * One page of live pins.
 *
 * @param pins ordered by key
 * @param next the {@code after} of the next page; empty on the last page
 */
public record ListStickySessionsResult(List<StickyPin> pins, Optional<StickyKey> next) {

  public ListStickySessionsResult {
    pins = List.copyOf(requireNonNull(pins, "pins"));
    requireNonNull(next, "next");
  }
}
