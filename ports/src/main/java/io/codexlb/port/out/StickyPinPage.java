package io.codexlb.port.out;

import static java.util.Objects.requireNonNull;

import io.codexlb.domain.sticky.StickyKey;
import io.codexlb.domain.sticky.StickyPin;
import java.util.List;
import java.util.Optional;

/**
 * One page of stored sticky pins.
 *
 * @param pins the pins, ordered by key
 * @param next the key to list after for the next page; empty on the last page
 */
public record StickyPinPage(List<StickyPin> pins, Optional<StickyKey> next) {

  public StickyPinPage {
    pins = List.copyOf(requireNonNull(pins, "pins"));
    requireNonNull(next, "next");
  }

  /**
   * The page of {@code limit} pins out of {@code fetched}, which holds one more than a page when
   * there is a next one (how the stores learn that without counting).
   */
  public static StickyPinPage of(List<StickyPin> fetched, int limit) {
    requireNonNull(fetched, "fetched");
    if (fetched.size() <= limit) {
      return new StickyPinPage(fetched, Optional.empty());
    }
    List<StickyPin> page = fetched.subList(0, limit);
    return new StickyPinPage(page, Optional.of(page.get(limit - 1).key()));
  }
}
