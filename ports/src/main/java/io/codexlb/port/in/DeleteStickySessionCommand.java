package io.codexlb.port.in;

import static java.util.Objects.requireNonNull;

import io.codexlb.domain.sticky.StickyKey;

/**
 * Delete the pin of one conversation key.
 *
 * @param key the pinned key
 */
public record DeleteStickySessionCommand(StickyKey key) {

  public DeleteStickySessionCommand {
    requireNonNull(key, "key");
  }
}
