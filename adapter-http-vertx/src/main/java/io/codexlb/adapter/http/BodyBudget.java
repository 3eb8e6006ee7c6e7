package io.codexlb.adapter.http;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The memory all request bodies being read or served may hold together, shared by every event loop
 * of the proxy listener. Bytes are reserved before they are buffered and released when their
 * request is done (its response ended or its connection closed); a reservation that does not fit is
 * refused, and the request gets 503 {@code server_busy} instead of the JVM running out of heap.
 *
 * <p>It counts the bodies themselves, not what parsing or translating them allocates besides, so
 * its capacity is a share of the heap (a quarter by default, {@code CODEX_LB_MAX_BODY_BUFFER_MB}).
 *
 * <p>Thread-safe: the event loops reserve and release concurrently.
 */
public final class BodyBudget {

  private final long capacity;
  private final AtomicLong reserved = new AtomicLong();

  /**
   * @param capacity the bytes all bodies may hold together, at least 1
   */
  public BodyBudget(long capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity: " + capacity + " (expected: >= 1)");
    }
    this.capacity = capacity;
  }

  /** The bytes all bodies may hold together. */
  public long capacity() {
    return capacity;
  }

  /** The bytes reserved now. */
  public long reserved() {
    return reserved.get();
  }

  /**
   * Reserves {@code bytes} if they fit.
   *
   * @return whether they were reserved; when not, nothing was
   */
  boolean tryReserve(long bytes) {
    if (bytes < 0) {
      throw new IllegalArgumentException("bytes: " + bytes + " (expected: >= 0)");
    }
    while (true) {
      long current = reserved.get();
      if (bytes > capacity - current) {
        return false;
      }
      if (reserved.compareAndSet(current, current + bytes)) {
        return true;
      }
    }
  }

  /** Gives back {@code bytes} reserved earlier. */
  void release(long bytes) {
    if (bytes < 0) {
      throw new IllegalArgumentException("bytes: " + bytes + " (expected: >= 0)");
    }
    long after = reserved.addAndGet(-bytes);
    if (after < 0) {
      // Releasing more than was reserved is a bug; keep the count sane rather than let every
      // later reservation succeed.
      reserved.addAndGet(bytes);
      throw new IllegalStateException("released " + bytes + " bytes more than were reserved");
    }
  }

  @Override
  public String toString() {
    return "BodyBudget[" + reserved.get() + " of " + capacity + " bytes reserved]";
  }
}
