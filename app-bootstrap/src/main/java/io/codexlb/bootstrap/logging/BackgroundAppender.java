package io.codexlb.bootstrap.logging;

import static java.util.Objects.requireNonNull;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.UnsynchronizedAppenderBase;
import ch.qos.logback.core.encoder.Encoder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * An appender for the access log, the one line per request: the thread that logs (an event loop)
 * only hands the event over; a thread of its own formats the lines and writes whatever has queued
 * up in one write and one flush. Written synchronously, each line cost the event loop its
 * formatting, a lock and a system call.
 *
 * <p>No line is dropped: when the queue is full (the output cannot keep up), the logging thread
 * waits for room, as it waited for the write before. {@link #stop()} writes what is still queued.
 * Lines reach the output a moment after they are logged, so an access line may follow a line
 * another logger wrote just after it.
 */
final class BackgroundAppender extends UnsynchronizedAppenderBase<ILoggingEvent> {

  /** Lines queued at most before the logging thread waits. */
  static final int CAPACITY = 8192;

  /** Lines written per write at most. */
  private static final int BATCH = 512;

  private final Encoder<ILoggingEvent> encoder;
  private final OutputStream out;
  private final BlockingQueue<ILoggingEvent> queue = new ArrayBlockingQueue<>(CAPACITY);
  // Held while a batch is formatted and written, so that stop() and the writer do not interleave.
  private final Object writing = new Object();
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream(16 * 1024);
  private final Thread writer;

  /**
   * @param encoder formats one event (started by the caller)
   * @param out where the lines go, shared with the other appenders (each batch is one write)
   */
  BackgroundAppender(Encoder<ILoggingEvent> encoder, OutputStream out) {
    this.encoder = requireNonNull(encoder, "encoder");
    this.out = requireNonNull(out, "out");
    this.writer = new Thread(this::drainUntilStopped, "codex-lb-access-log");
    writer.setDaemon(true);
  }

  @Override
  public void start() {
    super.start();
    writer.start();
  }

  @Override
  protected void append(ILoggingEvent event) {
    // The MDC (request id) and the message are read now, on the logging thread.
    event.prepareForDeferredProcessing();
    try {
      queue.put(event);
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      write(List.of(event)); // not lost: written here instead
    }
  }

  @Override
  public void stop() {
    if (!isStarted()) {
      return;
    }
    super.stop();
    writer.interrupt();
    try {
      writer.join(1000);
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
    }
    List<ILoggingEvent> rest = new ArrayList<>();
    queue.drainTo(rest);
    write(rest);
  }

  private void drainUntilStopped() {
    List<ILoggingEvent> batch = new ArrayList<>(BATCH);
    while (true) {
      try {
        batch.add(queue.take());
      } catch (InterruptedException stopping) {
        return; // stop() writes what is left
      }
      queue.drainTo(batch, BATCH - 1);
      write(batch);
      batch.clear();
    }
  }

  private void write(List<ILoggingEvent> events) {
    if (events.isEmpty()) {
      return;
    }
    synchronized (writing) {
      bytes.reset();
      for (ILoggingEvent event : events) {
        bytes.writeBytes(encoder.encode(event));
      }
      try {
        bytes.writeTo(out);
        out.flush();
      } catch (IOException | RuntimeException e) {
        addError("access log: " + events.size() + " lines not written", e);
      }
    }
  }
}
