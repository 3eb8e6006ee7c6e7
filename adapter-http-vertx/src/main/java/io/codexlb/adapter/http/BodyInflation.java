package io.codexlb.adapter.http;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.function.LongPredicate;
import org.jspecify.annotations.Nullable;

/**
 * Inflates one compressed request body into at most the body limit: a decompression bomb is stopped
 * one byte past the limit, never inflated further, and the memory its output takes is reserved (in
 * the {@link BodyBudget}, through {@code reserve}) before it is allocated.
 *
 * <p>Inflating is CPU work that grows with the body (a 16 MiB body takes from tens to a few hundred
 * milliseconds, see docs/data-plane.md), so {@link #run()} is meant for a worker thread, never an
 * event loop. It works in slices of {@link #SLICE_BYTES}, checking between two whether it was
 * {@linkplain #abort() aborted} (its request went away).
 *
 * <p>Runs on one thread at a time; {@link #abort()} may be called from any thread. What it has
 * reserved is read once {@link #run()} has returned.
 */
final class BodyInflation {

  /** The most bytes one step inflates. */
  static final int SLICE_BYTES = 1024 * 1024;

  /** Where the output buffer starts, unless the limit is smaller; it doubles from there. */
  static final int INITIAL_CAPACITY = 64 * 1024;

  /** How an inflation (or one slice of it) ended. */
  sealed interface Step {
    /** More to inflate; from {@link #run()}: it was aborted. */
    record More() implements Step {}

    /** The whole body, inflated. */
    record Done(byte[] body) implements Step {}

    /** The inflated body is larger than the limit: 413. */
    record TooLarge() implements Step {}

    /** The budget has no room for more of the inflated body: 503. */
    record NoRoom() implements Step {}

    /** The body is not valid in its coding: 400, with a message that names the coding. */
    record Malformed(String message) implements Step {}
  }

  private static final Step MORE = new Step.More();

  private final ContentCoding coding;
  private final long maxBytes;
  private final LongPredicate reserve;
  private final byte[] compressed;
  private @Nullable InputStream decoder;
  private byte[] out = new byte[0];
  private int length;
  private long reserved;
  private boolean over;
  private volatile boolean aborted;

  /**
   * @param coding the body's coding, not identity
   * @param compressed the body as it arrived
   * @param maxBytes the largest inflated body accepted
   * @param reserve reserves more bytes of memory for the inflated body; false when they do not fit
   */
  BodyInflation(ContentCoding coding, byte[] compressed, long maxBytes, LongPredicate reserve) {
    this.coding = requireNonNull(coding, "coding");
    this.compressed = requireNonNull(compressed, "compressed");
    this.maxBytes = maxBytes;
    this.reserve = requireNonNull(reserve, "reserve");
  }

  /**
   * What this inflation has reserved in the budget, in bytes (its output buffer's capacity): the
   * caller's to release, or to keep with the body.
   */
  long reserved() {
    return reserved;
  }

  /**
   * Inflates up to {@link #SLICE_BYTES} more. After any outcome but {@link Step.More}, it is over.
   */
  private Step step() {
    if (over) {
      throw new IllegalStateException("the inflation is over");
    }
    try {
      if (decoder == null) {
        decoder = coding.decoder(compressed);
      }
      InputStream in = decoder;
      int sliceEnd = length + SLICE_BYTES;
      while (length < sliceEnd) {
        if (length == out.length) {
          if (out.length >= maxBytes) {
            // Full at the limit: one byte more is a body over it.
            return end(in.read() < 0 ? done() : new Step.TooLarge());
          }
          if (!grow()) {
            return end(new Step.NoRoom());
          }
        }
        int read = in.read(out, length, Math.min(out.length, sliceEnd) - length);
        if (read < 0) {
          return end(done());
        }
        length += read;
      }
      return MORE;
    } catch (IOException | RuntimeException malformed) {
      // A decoder fed hostile bytes may throw anything; none of it is the server's fault.
      return end(
          new Step.Malformed(
              "Request body is not valid " + coding.token() + " (Content-Encoding)"));
    }
  }

  /**
   * Inflates the whole body, a slice at a time, unless {@linkplain #abort() aborted} first.
   *
   * @return how it ended; {@link Step.More} when it was aborted
   */
  Step run() {
    Step step = MORE;
    while (step instanceof Step.More && !aborted) {
      step = step();
    }
    if (!over) {
      end(step);
    }
    return step;
  }

  /** Asks a running inflation to stop at its next slice (its request went away); idempotent. */
  void abort() {
    aborted = true;
  }

  private Step done() {
    byte[] body = length == out.length ? out : Arrays.copyOf(out, length);
    return new Step.Done(body);
  }

  /** Doubles the output buffer, within the limit, reserving the new bytes first. */
  private boolean grow() {
    long capacity =
        Math.min(maxBytes, Math.max(Math.min(INITIAL_CAPACITY, maxBytes), 2L * out.length));
    long more = capacity - reserved;
    if (more > 0 && !reserve.test(more)) {
      return false;
    }
    reserved = Math.max(reserved, capacity);
    out = Arrays.copyOf(out, (int) capacity);
    return true;
  }

  private Step end(Step step) {
    over = true;
    out = new byte[0];
    InputStream in = decoder;
    decoder = null;
    if (in != null) {
      try {
        in.close();
      } catch (IOException ignored) {
        // Closing an in-memory decoder frees its inflater; there is nothing to report.
      }
    }
    return step;
  }
}
