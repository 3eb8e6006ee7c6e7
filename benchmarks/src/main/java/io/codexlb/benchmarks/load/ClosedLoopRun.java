package io.codexlb.benchmarks.load;

import io.vertx.core.Context;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;

/**
 * A closed-loop load for maximum throughput: {@code connections} workers, each sending its next
 * request as soon as its previous one has answered. Requests that start during the warm-up or end
 * after the measured window are not counted.
 */
final class ClosedLoopRun {

  /**
   * What one or more runs measured.
   *
   * @param counted 2xx answers in the measured windows
   * @param nanos the measured windows' length
   * @param latency time from send to the last byte of those answers (service time: a closed loop
   *     waits for the server, so this is not the latency a client at a given rate would see)
   * @param failed requests that failed or were answered with another status, warm-up included
   */
  record Result(long counted, long nanos, Histogram latency, FailureCounts failed) {

    /** Nothing measured yet. */
    static Result empty() {
      return new Result(0, 0, LatencySummary.newHistogram(), new FailureCounts());
    }

    /** 2xx answers per second over the measured windows. */
    double perSecond() {
      return nanos == 0 ? 0 : counted * 1e9 / nanos;
    }

    /** These runs and {@code other} together. */
    Result plus(Result other) {
      Histogram all = latency.copy();
      all.add(other.latency);
      return new Result(
          counted + other.counted, nanos + other.nanos, all, failed.plus(other.failed));
    }
  }

  private ClosedLoopRun() {}

  /** Runs {@code connections} workers on {@code context} for {@code warmUp + seconds}. */
  static Result run(
      Context context,
      LoadClient client,
      Endpoint endpoint,
      int connections,
      int warmUpSeconds,
      int seconds)
      throws InterruptedException {
    long measureFrom = System.nanoTime() + TimeUnit.SECONDS.toNanos(warmUpSeconds);
    return runBetween(
        context,
        client,
        endpoint,
        connections,
        measureFrom,
        measureFrom + TimeUnit.SECONDS.toNanos(seconds));
  }

  /**
   * Runs {@code connections} workers on {@code context} from now until {@code measureUntil} ({@link
   * System#nanoTime()}), counting requests sent from {@code measureFrom} on.
   */
  static Result runBetween(
      Context context,
      LoadClient client,
      Endpoint endpoint,
      int connections,
      long measureFrom,
      long measureUntil)
      throws InterruptedException {
    long seconds = Math.max(1, TimeUnit.NANOSECONDS.toSeconds(measureUntil - measureFrom));
    Window window = new Window(measureFrom, measureUntil, Long.MAX_VALUE);
    CountDownLatch stopped = new CountDownLatch(connections);
    for (int i = 0; i < connections; i++) {
      context.runOnContext(ignored -> new Worker(client, endpoint, window, stopped).next());
    }
    stopped.await(
        Math.max(0, measureUntil - System.nanoTime()) + TimeUnit.SECONDS.toNanos(60),
        TimeUnit.NANOSECONDS);
    return new Result(
        window.counted.sum(), TimeUnit.SECONDS.toNanos(seconds), window.latency, window.failed);
  }

  /**
   * Runs {@code connections} workers on {@code context} until {@code requests} requests have been
   * sent and answered, all of them counted; the time is from the first send to the last answer.
   */
  static Result runCount(
      Context context, LoadClient client, Endpoint endpoint, int connections, long requests)
      throws InterruptedException {
    Window window = new Window(Long.MIN_VALUE, Long.MAX_VALUE, requests);
    CountDownLatch stopped = new CountDownLatch(connections);
    long start = System.nanoTime();
    for (int i = 0; i < connections; i++) {
      context.runOnContext(ignored -> new Worker(client, endpoint, window, stopped).next());
    }
    stopped.await();
    long nanos = System.nanoTime() - start;
    return new Result(window.counted.sum(), nanos, window.latency, window.failed);
  }

  /** The measured window (a time span, or a number of requests) and what was counted in it. */
  private static final class Window {
    final long from;
    final long until;
    // Requests that may still be sent (a fixed count; Long.MAX_VALUE: until the time is up).
    final java.util.concurrent.atomic.AtomicLong tickets;
    final Histogram latency = LatencySummary.newHistogram();
    final LongAdder counted = new LongAdder();
    final FailureCounts failed = new FailureCounts();

    Window(long from, long until, long requests) {
      this.from = from;
      this.until = until;
      this.tickets = new java.util.concurrent.atomic.AtomicLong(requests);
    }
  }

  /** One connection's loop: send, wait for the answer, send again until the window closes. */
  private static final class Worker implements ResponseListener {
    private final LoadClient client;
    private final Endpoint endpoint;
    private final Window window;
    private final CountDownLatch stopped;
    private long sentAt;

    Worker(LoadClient client, Endpoint endpoint, Window window, CountDownLatch stopped) {
      this.client = client;
      this.endpoint = endpoint;
      this.window = window;
      this.stopped = stopped;
    }

    void next() {
      sentAt = System.nanoTime();
      if (sentAt >= window.until || window.tickets.getAndDecrement() <= 0) {
        stopped.countDown();
        return;
      }
      client.send(endpoint, this);
    }

    @Override
    public void firstByte(long nanos) {
      // Only complete answers count here.
    }

    @Override
    public void ended(int status, long nanos) {
      if (status / 100 != 2) {
        window.failed.count(status);
      } else if (sentAt >= window.from && nanos <= window.until) {
        window.counted.increment();
        LatencySummary.record(window.latency, nanos - sentAt);
      }
      next();
    }

    @Override
    public void failed(long nanos) {
      window.failed.count(FailureCounts.TRANSPORT);
      next();
    }
  }
}
