package io.codexlb.domain.architecture.planted.broken;

import java.time.Instant;
import java.util.function.Supplier;

/** Planted: reads the system clock, by call and by method reference. */
public final class ClockReadingPolicy {

  public boolean expired(Instant deadline) {
    return Instant.now().isAfter(deadline);
  }

  public long millis() {
    return System.currentTimeMillis();
  }

  public Supplier<Instant> source() {
    return Instant::now;
  }
}
