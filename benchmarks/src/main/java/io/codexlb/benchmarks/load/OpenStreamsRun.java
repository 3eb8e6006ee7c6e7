package io.codexlb.benchmarks.load;

import io.vertx.core.Context;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * Opens streams at a fixed rate and holds them open, sampling a process's resident memory as they
 * accumulate. A stream counts as open once the first byte of its body has arrived, so it is open
 * end to end: client to proxy to backend. The backend must be scripted to keep each stream going
 * longer than the run.
 */
final class OpenStreamsRun {

  /** How often resident memory is sampled while streams open. */
  private static final long SAMPLE_EVERY_NANOS = TimeUnit.MILLISECONDS.toNanos(250);

  /** How long the run waits, after the last stream was sent, for every stream to open. */
  private static final long OPEN_WAIT_NANOS = TimeUnit.SECONDS.toNanos(60);

  /** How long memory is left to settle before and after the streams are closed. */
  private static final long SETTLE_NANOS = TimeUnit.SECONDS.toNanos(3);

  /**
   * One sample while streams were opening.
   *
   * @param open streams open at that moment
   * @param residentKib the process's resident set then
   */
  record Sample(long open, long residentKib) {}

  /**
   * What one run measured; memory figures are -1 when they could not be read.
   *
   * @param requested streams asked for
   * @param open streams open when all had been sent and had time to open
   * @param failed streams that failed, were refused or ended early, by status
   * @param idleKib the process's resident set before the first stream
   * @param openKib its resident set with {@code open} streams open, after settling
   * @param peakKib its peak resident set ({@code VmHWM}) over its whole life so far
   * @param afterCloseKib its resident set after the streams were closed, after settling
   * @param samples resident set samples as streams opened
   */
  record Result(
      int requested,
      long open,
      FailureCounts failed,
      long idleKib,
      long openKib,
      long peakKib,
      long afterCloseKib,
      List<Sample> samples) {

    /** Resident memory added per open stream, in KiB, or -1 without figures. */
    double kibPerStream() {
      return open == 0 || idleKib < 0 || openKib < 0 ? -1 : (openKib - idleKib) / (double) open;
    }
  }

  private OpenStreamsRun() {}

  /**
   * Opens {@code streams} streams to {@code endpoint} at {@code perSecond}, holds them while
   * sampling the memory of process {@code pid}, then closes {@code client} (and so the streams).
   */
  static Result run(
      Context context, LoadClient client, Endpoint endpoint, int streams, int perSecond, long pid)
      throws InterruptedException {
    long idle = kib(ProcStatus.residentKib(pid));
    LongAdder open = new LongAdder();
    FailureCounts failed = new FailureCounts();
    List<Sample> samples = new ArrayList<>();
    FixedRateSchedule schedule = new FixedRateSchedule(System.nanoTime(), perSecond);
    long nextSample = System.nanoTime();
    long sent = 0;
    while (sent < streams) {
      long due = Math.min(streams, schedule.dueBy(System.nanoTime()));
      for (; sent < due; sent++) {
        context.runOnContext(ignored -> client.send(endpoint, new HeldStream(open, failed)));
      }
      if (System.nanoTime() >= nextSample) {
        samples.add(new Sample(open.sum(), kib(ProcStatus.residentKib(pid))));
        nextSample += SAMPLE_EVERY_NANOS;
      }
      if (sent < streams) {
        LockSupport.parkNanos(Math.min(schedule.dueAt(sent), nextSample) - System.nanoTime());
      }
    }
    long giveUpAt = System.nanoTime() + OPEN_WAIT_NANOS;
    while (open.sum() + failed.total() < streams && System.nanoTime() < giveUpAt) {
      LockSupport.parkNanos(SAMPLE_EVERY_NANOS);
      samples.add(new Sample(open.sum(), kib(ProcStatus.residentKib(pid))));
    }
    LockSupport.parkNanos(SETTLE_NANOS);
    long openNow = open.sum();
    long openKib = kib(ProcStatus.residentKib(pid));
    long peakKib = kib(ProcStatus.peakResidentKib(pid));
    FailureCounts failedNow = failed.plus(new FailureCounts());
    samples.add(new Sample(openNow, openKib));
    client.close().toCompletableFuture().join();
    LockSupport.parkNanos(SETTLE_NANOS);
    long afterClose = kib(ProcStatus.residentKib(pid));
    return new Result(
        streams, openNow, failedNow, idle, openKib, peakKib, afterClose, List.copyOf(samples));
  }

  private static long kib(OptionalLong value) {
    return value.orElse(-1);
  }

  /**
   * Counts a stream as open at its first byte, and as failed if it ends before the run closes it.
   */
  private static final class HeldStream implements ResponseListener {
    private final LongAdder open;
    private final FailureCounts failed;
    private boolean counted;

    HeldStream(LongAdder open, FailureCounts failed) {
      this.open = open;
      this.failed = failed;
    }

    @Override
    public void firstByte(long nanos) {
      counted = true;
      open.increment();
    }

    @Override
    public void ended(int status, long nanos) {
      closedEarly(status);
    }

    @Override
    public void failed(long nanos) {
      closedEarly(FailureCounts.TRANSPORT);
    }

    private void closedEarly(int status) {
      if (counted) {
        open.decrement();
      }
      failed.count(status);
    }
  }
}
