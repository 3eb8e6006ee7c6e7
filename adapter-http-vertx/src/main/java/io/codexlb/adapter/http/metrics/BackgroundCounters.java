package io.codexlb.adapter.http.metrics;

import io.codexlb.port.out.BackgroundTracer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts and times background work by outcome: a timer per outcome (its {@code _count} is the
 * count), registered on the first report so that work no caller reports does not show as zero. The
 * job runner's gauge ({@code codexlb_job_runner}: 1 while this instance holds the job lease) is
 * there from the start, 0 until the lease is taken.
 */
final class BackgroundCounters implements BackgroundTracer {

  private final MeterRegistry registry;
  private final Map<Outcome, Timer> refreshes = new EnumMap<>(Outcome.class);
  private final Map<Outcome, Timer> polls = new EnumMap<>(Outcome.class);
  // Job names are a small set fixed by the code (JobRunner's jobs), so the labels stay bounded.
  private final Map<String, Timer> jobRuns = new ConcurrentHashMap<>();
  private final AtomicInteger jobRunner = new AtomicInteger();

  BackgroundCounters(MeterRegistry registry) {
    this.registry = registry;
    Gauge.builder("codexlb.job.runner", jobRunner, AtomicInteger::get)
        .description(
            "1 while this instance holds the job lease and runs the store-wide periodic jobs, else"
                + " 0")
        .register(registry);
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

  @Override
  public void jobRunner(boolean runs) {
    jobRunner.set(runs ? 1 : 0);
  }

  @Override
  public void jobRan(String job, Outcome outcome, long millis) {
    String label = outcome.name().toLowerCase(Locale.ROOT);
    jobRuns
        .computeIfAbsent(
            job + "\n" + label,
            key ->
                Timer.builder("codexlb.job.runs")
                    .description(
                        "Runs of the store-wide periodic jobs on this instance, by outcome")
                    .tag("job", job)
                    .tag("outcome", label)
                    .register(registry))
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
