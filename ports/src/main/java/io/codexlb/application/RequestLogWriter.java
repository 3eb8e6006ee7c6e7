package io.codexlb.application;

import static java.util.Objects.requireNonNull;

import io.codexlb.port.out.RequestLog;
import io.codexlb.port.out.RequestLogRepository;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Writes request logs in batches, off the request path: {@link #submit} only enqueues (lock-free,
 * no I/O), and {@link #flush}, run on a timer and at shutdown, appends what is queued in batches.
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
  private final AtomicBoolean flushing = new AtomicBoolean();
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
    if (!flushing.compareAndSet(false, true)) {
      return CompletableFuture.completedFuture(0);
    }
    CompletableFuture<Integer> done = new CompletableFuture<>();
    writeFrom(0, queued.get(), done);
    return done.whenComplete((written, error) -> flushing.set(false));
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
