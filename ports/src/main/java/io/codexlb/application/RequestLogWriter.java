package io.codexlb.application;

import static java.util.Objects.requireNonNull;

import io.codexlb.port.out.RequestLog;
import io.codexlb.port.out.RequestLogRepository;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;

/**
 * Writes request logs in batches, off the request path: {@link #submit} only enqueues (lock-free,
 * no I/O), {@link #flush}, run on a timer, appends what is queued in batches, and {@link
 * #flushAll}, run at shutdown, does the same after waiting for a flush already running.
 *
 * <p>A batch that fails is kept and sent first on the next flush; since the store skips request ids
 * it already has, a batch that was written but whose acknowledgement was lost is not counted twice.
 * The queue is bounded: while the store is down for long, logs beyond the capacity are dropped and
 * counted rather than exhausting memory, and the proxy keeps serving.
 */
public final class RequestLogWriter {

  private final RequestLogRepository requestLogs;
  private final int maxBatch;
  private final int capacity;
  private final ConcurrentLinkedQueue<RequestLog> queue = new ConcurrentLinkedQueue<>();
  private final AtomicInteger queued = new AtomicInteger();
  private final AtomicLong dropped = new AtomicLong();
  // The flush running now, if any; cleared before its stage completes.
  private final AtomicReference<@Nullable CompletableFuture<Integer>> running =
      new AtomicReference<>();
  // Touched only by the one flush running at a time.
  private List<RequestLog> failedBatch = List.of();

  /**
   * @param requestLogs where logs go
   * @param maxBatch most logs per append, at least 1
   * @param capacity most logs waiting, at least {@code maxBatch}
   */
  public RequestLogWriter(RequestLogRepository requestLogs, int maxBatch, int capacity) {
    this.requestLogs = requireNonNull(requestLogs, "requestLogs");
    if (maxBatch < 1) {
      throw new IllegalArgumentException("maxBatch: " + maxBatch + " (expected: >= 1)");
    }
    if (capacity < maxBatch) {
      throw new IllegalArgumentException(
          "capacity: " + capacity + " (expected: >= maxBatch " + maxBatch + ")");
    }
    this.maxBatch = maxBatch;
    this.capacity = capacity;
  }

  /**
   * Queues a log for the next flush.
   *
   * @return false when the queue is full and the log was dropped
   */
  public boolean submit(RequestLog log) {
    requireNonNull(log, "log");
    if (queued.incrementAndGet() > capacity) {
      queued.decrementAndGet();
      dropped.incrementAndGet();
      return false;
    }
    queue.add(log);
    return true;
  }

  /** Logs waiting to be written, including a failed batch. */
  public int pending() {
    return queued.get();
  }

  /** Logs dropped because the queue was full, since start. */
  public long dropped() {
    return dropped.get();
  }

  /**
   * Appends what is queued when the call begins (and a batch kept from a failed flush), batch by
   * batch; logs submitted meanwhile wait for the next flush, so a flush ends even while traffic
   * outpaces the store. When a flush is already running this one does nothing (the running one is
   * writing). Completes with how many logs were written; fails with the store's error when a batch
   * failed (that batch is kept for the next flush).
   */
  public CompletionStage<Integer> flush() {
    CompletableFuture<Integer> done = new CompletableFuture<>();
    if (!running.compareAndSet(null, done)) {
      return CompletableFuture.completedFuture(0);
    }
    writeFrom(0, queued.get(), done);
    return done;
  }

  /**
   * Waits for a flush already running (a timer's), then appends what is queued, as {@link #flush}
   * does. For shutdown: a plain {@link #flush} returns at once while another runs, so the logs
   * queued after that one began, and that one's own batch if the store closed under it, would be
   * left unwritten. Completes with how many logs this call's own flush wrote; fails with the
   * store's error when one of its batches failed (that batch is kept, as with {@link #flush}).
   */
  public CompletionStage<Integer> flushAll() {
    CompletableFuture<Integer> done = new CompletableFuture<>();
    if (running.compareAndSet(null, done)) {
      writeFrom(0, queued.get(), done);
      return done;
    }
    CompletableFuture<Integer> inFlight = running.get();
    if (inFlight == null) {
      return flushAll(); // it finished between the two reads
    }
    // Its outcome is its caller's; this call only waits for it to end, then writes the rest.
    return inFlight.handle((written, error) -> null).thenCompose(ended -> flushAll());
  }

  /**
   * Writes batches until {@code target} logs are written or the queue is empty. A loop, not a
   * recursion: a store may complete its stages at once (the in-memory one always does), and one
   * stack frame per batch would overflow with a large backlog.
   */
  private void writeFrom(int writtenSoFar, int target, CompletableFuture<Integer> done) {
    int written = writtenSoFar;
    while (true) {
      List<RequestLog> batch = nextBatch(target - written);
      if (batch.isEmpty()) {
        running.compareAndSet(done, null);
        done.complete(written);
        return;
      }
      CompletableFuture<Void> append;
      try {
        append = requestLogs.append(batch).toCompletableFuture();
      } catch (RuntimeException e) {
        append = CompletableFuture.failedFuture(e);
      }
      if (append.isDone() && !append.isCompletedExceptionally()) {
        queued.addAndGet(-batch.size());
        written += batch.size();
        continue;
      }
      int before = written;
      append.whenComplete(
          (ignored, error) -> {
            if (error != null) {
              failedBatch = batch;
              running.compareAndSet(done, null);
              done.completeExceptionally(error);
              return;
            }
            queued.addAndGet(-batch.size());
            writeFrom(before + batch.size(), target, done);
          });
      return;
    }
  }

  /** The failed batch to retry, else up to {@code room} queued logs (at most a batch). */
  private List<RequestLog> nextBatch(int room) {
    if (!failedBatch.isEmpty()) {
      List<RequestLog> retry = failedBatch;
      failedBatch = List.of();
      return retry;
    }
    int size = Math.min(maxBatch, room);
    List<RequestLog> batch = new ArrayList<>(Math.max(size, 0));
    RequestLog next;
    while (batch.size() < size && (next = queue.poll()) != null) {
      batch.add(next);
    }
    return batch;
  }
}
