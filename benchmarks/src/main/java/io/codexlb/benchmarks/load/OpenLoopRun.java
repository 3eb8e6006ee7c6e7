package io.codexlb.benchmarks.load;

import io.vertx.core.Context;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;

/**
 * An open-loop load: requests are sent at a fixed rate whether or not earlier ones have answered,
 * and each is timed from the moment it was due ({@link FixedRateSchedule}), so a stall shows in the
 * percentiles instead of slowing the load down. A dedicated thread keeps the schedule and hands
 * each due request to the client's event loop.
 */
final class OpenLoopRun {

  /** How long the run waits for its last answers before counting them as unfinished. */
  private static final long DRAIN_SECONDS = 30;

  /** Requests are due from this long after the run starts, so the first ones are not late. */
  private static final long START_DELAY_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

  /**
   * What one or more runs measured. Only 2xx answers are timed; anything else counts as failed.
   *
   * @param complete time from due to the last byte of a 2xx answer
   * @param firstByte time from due to the first byte of a 2xx answer's body
   * @param sent requests sent
   * @param failed requests that failed or were answered with another status
   * @param unfinished requests still open when the run gave up waiting
   */
  record Result(
      Histogram complete, Histogram firstByte, long sent, FailureCounts failed, long unfinished) {

    /** Nothing measured yet. */
    static Result empty() {
      return new Result(
          LatencySummary.newHistogram(), LatencySummary.newHistogram(), 0, new FailureCounts(), 0);
    }

    /** These runs and {@code other} together, as if they had been one. */
    Result plus(Result other) {
      Histogram allComplete = complete.copy();
      allComplete.add(other.complete);
      Histogram allFirstByte = firstByte.copy();
      allFirstByte.add(other.firstByte);
      return new Result(
          allComplete,
          allFirstByte,
          sent + other.sent,
          failed.plus(other.failed),
          unfinished + other.unfinished);
    }
  }

  private OpenLoopRun() {}

  /** Sends {@code perSecond} requests per second to {@code endpoint} for {@code seconds}. */
  static Result run(
      Context context, LoadClient client, Endpoint endpoint, int perSecond, int seconds)
      throws InterruptedException {
    FixedRateSchedule schedule =
        new FixedRateSchedule(System.nanoTime() + START_DELAY_NANOS, perSecond);
    long total = schedule.countFor(seconds);
    Histogram complete = LatencySummary.newHistogram();
    Histogram firstByte = LatencySummary.newHistogram();
    FailureCounts failed = new FailureCounts();
    CountDownLatch answered = new CountDownLatch(Math.toIntExact(total));
    long next = 0;
    while (next < total) {
      long due = Math.min(total, schedule.dueBy(System.nanoTime()));
      for (; next < due; next++) {
        long dueAt = schedule.dueAt(next);
        context.runOnContext(
            ignored ->
                client.send(
                    endpoint, new TimedExchange(dueAt, complete, firstByte, failed, answered)));
      }
      if (next < total) {
        LockSupport.parkNanos(schedule.dueAt(next) - System.nanoTime());
      }
    }
    answered.await(DRAIN_SECONDS, TimeUnit.SECONDS);
    return new Result(complete, firstByte, total, failed, answered.getCount());
  }

  /** Times one request from the moment it was due. */
  private static final class TimedExchange implements ResponseListener {
    private final long dueAt;
    private final Histogram complete;
    private final Histogram firstByteHistogram;
    private final FailureCounts failed;
    private final CountDownLatch answered;
    private long firstByteAt;
    private boolean sawFirstByte;

    TimedExchange(
        long dueAt,
        Histogram complete,
        Histogram firstByte,
        FailureCounts failed,
        CountDownLatch answered) {
      this.dueAt = dueAt;
      this.complete = complete;
      this.firstByteHistogram = firstByte;
      this.failed = failed;
      this.answered = answered;
    }

    @Override
    public void firstByte(long nanos) {
      firstByteAt = nanos;
      sawFirstByte = true;
    }

    @Override
    public void ended(int status, long nanos) {
      if (status / 100 == 2) {
        LatencySummary.record(complete, nanos - dueAt);
        // A 2xx answer with an empty body has no first byte; its end stands for it.
        LatencySummary.record(firstByteHistogram, (sawFirstByte ? firstByteAt : nanos) - dueAt);
      } else {
        failed.count(status);
      }
      answered.countDown();
    }

    @Override
    public void failed(long nanos) {
      failed.count(FailureCounts.TRANSPORT);
      answered.countDown();
    }
  }
}
