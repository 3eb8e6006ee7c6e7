package io.codexlb.architecture.planted.clean.domain;

import static java.util.Objects.requireNonNull;

import io.codexlb.architecture.planted.clean.domain.window.Window;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;

/** Clean: reads time only from the clock it is given. */
public final class ExpiryPolicy {

  private final Clock clock;

  public ExpiryPolicy(Clock clock) {
    this.clock = requireNonNull(clock, "clock");
  }

  public boolean isExpired(Instant deadline) {
    return Instant.now(clock).isAfter(deadline);
  }

  public LocalDate today() {
    return LocalDate.now(clock);
  }

  public Window currentWindow(Duration length) {
    return new Window(clock.instant(), length);
  }

  public long[] lengthsInMillis(Duration... lengths) {
    long[] millis = new long[lengths.length];
    for (int i = 0; i < lengths.length; i++) {
      millis[i] = lengths[i].toMillis();
    }
    return millis;
  }
}
