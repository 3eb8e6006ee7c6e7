package io.codexlb.architecture.planted.broken.domain;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.function.Supplier;

/** Planted: reads the system clock in every way the domain must not. */
public final class ClockReadingPolicy {

  public boolean expired(Instant deadline) {
    return Instant.now().isAfter(deadline);
  }

  public long millis() {
    return System.currentTimeMillis();
  }

  public long ticks() {
    return System.nanoTime();
  }

  public Clock clock() {
    return Clock.systemUTC();
  }

  public LocalDate today() {
    return LocalDate.now(ZoneOffset.UTC);
  }

  public Supplier<Instant> source() {
    return Instant::now;
  }
}
