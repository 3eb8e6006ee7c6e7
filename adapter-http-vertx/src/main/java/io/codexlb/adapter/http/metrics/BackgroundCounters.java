package io.codexlb.adapter.http.metrics;

import io.codexlb.port.out.BackgroundTracer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Counts and times background work by outcome: a timer per outcome (its {@code _count} is the
 * count), registered on the first report so that work no caller reports does not show as zero.
 */
final class BackgroundCounters implements BackgroundTracer {

  private final MeterRegistry registry;
  private final Map<Outcome, Timer> refreshes = new EnumMap<>(Outcome.class);
  private final Map<Outcome, Timer> polls = new EnumMap<>(Outcome.class);

  BackgroundCounters(MeterRegistry registry) {
    this.registry = registry;
  }

  @Override
  public void tokenRefreshed(Outcome outcome, long millis) {
    timer(refreshes, "codexlb.token.refreshes", "Token refreshes by outcome", outcome)
        .record(Math.max(0, millis), TimeUnit.MILLISECONDS);
  }

  @Override
  public void usagePolled(Outcome outcome, long millis) {
    timer(polls, "codexlb.usage.polls", "Usage polls by outcome", outcome)
        .record(Math.max(0, millis), TimeUnit.MILLISECONDS);
  }

  private Timer timer(
      Map<Outcome, Timer> timers, String name, String description, Outcome outcome) {
    synchronized (timers) {
      return timers.computeIfAbsent(
          outcome,
          o ->
              Timer.builder(name)
                  .description(description)
                  .tag("outcome", o.name().toLowerCase(Locale.ROOT))
                  .register(registry));
    }
  }
}
