package io.codexlb.architecture.planted.clean.domain.window;

import java.time.Duration;
import java.time.Instant;

/** Clean: a value in a domain subpackage. */
public record Window(Instant start, Duration length) {

  public Instant end() {
    return start.plus(length);
  }
}
