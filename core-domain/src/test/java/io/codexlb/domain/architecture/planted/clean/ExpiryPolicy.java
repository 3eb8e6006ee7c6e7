package io.codexlb.domain.architecture.planted.clean;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/** Clean: reads time only from the clock it is given, and touches nothing but the JDK. */
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

  public Instant windowEnd(Duration length) {
    return clock.instant().plus(length);
  }

  public long[] lengthsInMillis(List<Duration> lengths) {
    return lengths.stream().mapToLong(Duration::toMillis).toArray();
  }
}
