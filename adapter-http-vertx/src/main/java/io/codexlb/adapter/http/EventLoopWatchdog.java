package io.codexlb.adapter.http;

import static java.util.Objects.requireNonNull;

import io.netty.util.concurrent.EventExecutor;
import io.vertx.core.Vertx;
import io.vertx.core.internal.VertxInternal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells whether every Vert.x event loop still runs tasks, for {@code GET /health/live}.
 *
 * <p>A check that ran on an event loop could not see that loop blocked: it would simply not run. So
 * the watchdog lives on a thread of its own: every period it posts a no-op task to each event loop
 * that has none pending, and a loop whose task has waited longer than the stall limit is stalled.
 * The handler of {@code /health/live} reads that verdict on whichever loop serves it; a request
 * that lands on the stalled loop itself is not answered at all, which a liveness probe counts as a
 * failure too.
 */
public final class EventLoopWatchdog implements AutoCloseable {

  /** How often each event loop is sent a task. */
  public static final Duration DEFAULT_PERIOD = Duration.ofSeconds(1);

  /**
   * How long a loop may take to run the task before it is stalled. Vert.x warns of a loop blocked
   * for 2 s; 10 s is past any legitimate pause (a full GC of a small heap takes well under one), so
   * a restart is the right answer.
   */
  public static final Duration DEFAULT_STALL_LIMIT = Duration.ofSeconds(10);

  private static final Logger log = LoggerFactory.getLogger(EventLoopWatchdog.class);

  /** Marks a loop with no task pending. */
  private static final long NONE = Long.MIN_VALUE;

  private final List<EventExecutor> loops;
  private final long stallLimitNanos;
  // Per loop: System.nanoTime() when the pending task was posted, or NONE.
  private final AtomicLongArray pendingSince;
  private final @Nullable ScheduledExecutorService timer;

  private EventLoopWatchdog(
      List<EventExecutor> loops, Duration stallLimit, @Nullable ScheduledExecutorService timer) {
    this.loops = List.copyOf(loops);
    this.stallLimitNanos = stallLimit.toNanos();
    this.pendingSince = new AtomicLongArray(loops.size());
    for (int i = 0; i < loops.size(); i++) {
      pendingSince.set(i, NONE);
    }
    this.timer = timer;
  }

  /** Watches every event loop of {@code vertx} with the default period and stall limit. */
  public static EventLoopWatchdog start(Vertx vertx) {
    return start(vertx, DEFAULT_PERIOD, DEFAULT_STALL_LIMIT);
  }

  /**
   * Watches every event loop of {@code vertx}.
   *
   * @param period how often each loop is sent a task; positive
   * @param stallLimit how long a task may wait before its loop is stalled; positive
   */
  public static EventLoopWatchdog start(Vertx vertx, Duration period, Duration stallLimit) {
    requireNonNull(vertx, "vertx");
    requireNonNull(period, "period");
    requireNonNull(stallLimit, "stallLimit");
    if (period.isNegative() || period.isZero() || stallLimit.isNegative() || stallLimit.isZero()) {
      throw new IllegalArgumentException(
          "period " + period + ", stallLimit " + stallLimit + " (expected: both positive)");
    }
    List<EventExecutor> loops = new ArrayList<>();
    // Vert.x exposes its event loops only through its internal interface; every Vertx is one.
    ((VertxInternal) vertx).nettyEventLoopGroup().forEach(loops::add);
    ScheduledExecutorService timer =
        Executors.newSingleThreadScheduledExecutor(
            task -> {
              Thread thread = new Thread(task, "codex-lb-event-loop-watchdog");
              thread.setDaemon(true);
              return thread;
            });
    EventLoopWatchdog watchdog = new EventLoopWatchdog(loops, stallLimit, timer);
    long millis = Math.max(1, period.toMillis());
    timer.scheduleAtFixedRate(watchdog::tick, 0, millis, TimeUnit.MILLISECONDS);
    return watchdog;
  }

  /** A watchdog of no loops, never stalled: for routers built without one (tests). */
  public static EventLoopWatchdog none() {
    return new EventLoopWatchdog(List.of(), DEFAULT_STALL_LIMIT, null);
  }

  /** How many event loops are watched. */
  public int loopCount() {
    return loops.size();
  }

  /**
   * The loops that have not run the watchdog's task within the stall limit, each as a sentence such
   * as {@code "event loop 2 has not run a task for 12 s"}; empty when all is well.
   */
  public List<String> stalled() {
    long now = System.nanoTime();
    List<String> stalled = new ArrayList<>();
    for (int i = 0; i < loops.size(); i++) {
      long since = pendingSince.get(i);
      if (since != NONE && now - since > stallLimitNanos) {
        stalled.add(
            "event loop "
                + i
                + " has not run a task for "
                + TimeUnit.NANOSECONDS.toSeconds(now - since)
                + " s");
      }
    }
    return stalled;
  }

  private void tick() {
    for (int i = 0; i < loops.size(); i++) {
      int loop = i;
      long now = System.nanoTime();
      // One task per loop at a time: a stalled loop keeps the time of its first unanswered task.
      if (!pendingSince.compareAndSet(loop, NONE, now)) {
        continue;
      }
      try {
        loops.get(loop).execute(() -> pendingSince.set(loop, NONE));
      } catch (RejectedExecutionException shuttingDown) {
        // Vert.x is closing: the loop is not stalled, it is going away.
        pendingSince.set(loop, NONE);
      } catch (RuntimeException e) {
        pendingSince.set(loop, NONE);
        log.warn("event loop watchdog: cannot post to loop {}: {}", loop, e.toString());
      }
    }
  }

  /** Stops watching. */
  @Override
  public void close() {
    if (timer != null) {
      timer.shutdownNow();
    }
  }
}
