package io.codexlb.domain.upstream;

import static java.util.Objects.requireNonNull;

import io.codexlb.domain.account.UsageSnapshot;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * One server-sent event of an upstream response stream, as upstream sent it ({@link #type()} is the
 * event name, {@link #data()} its JSON), with what the proxy must act on already read out of it.
 * The proxy forwards {@code type} and {@code data} to the client unchanged on the Codex route.
 *
 * <p>A stream's last event is always {@link Completed} or {@link Failed}: a stream that ends
 * without a terminal event is reported as {@link Failed} with a {@link UpstreamFailure.Transient}
 * ({@code stream_incomplete}), so no consumer has to detect a cut itself.
 */
public sealed interface UpstreamEvent {

  /** The SSE event name, such as {@code response.output_text.delta}. */
  String type();

  /** The event's data: JSON text, as upstream sent it (or as the adapter made it, for a cut). */
  String data();

  /** Whether this is the last event of the stream. */
  default boolean terminal() {
    return false;
  }

  /**
   * An event the proxy only forwards.
   *
   * <p>When the upstream adapter read it as one {@code event:} line and one {@code data:} line, it
   * keeps the event's bytes as they are framed for the client ({@link #frame()}: {@code event: },
   * the type, {@code data: }, the data, a blank line), so that a stream passed through unchanged is
   * written without the data being decoded to text and encoded again; {@link #data()} is then
   * decoded only when something asks for it (a translation, the aggregator). Equality is by type
   * and data, as a record's would be.
   */
  final class Passed implements UpstreamEvent {

    private static final byte[] EVENT_FIELD = "event: ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] DATA_FIELD = "\ndata: ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] END = "\n\n".getBytes(StandardCharsets.US_ASCII);

    private final String type;
    private final byte @Nullable [] frame;
    private final int dataFrom;
    private final int dataLength;
    // Decoded from the frame on first use; racy but safe: a String is immutable, and two threads
    // decoding at once decode the same text.
    private @Nullable String data;

    /** An event with its data as text (framed from them if it reaches a client). */
    public Passed(String type, String data) {
      this.type = requireNonNull(type, "type");
      this.data = requireNonNull(data, "data");
      this.frame = null;
      this.dataFrom = 0;
      this.dataLength = 0;
    }

    private Passed(String type, byte[] frame, int dataFrom, int dataLength) {
      this.type = type;
      this.frame = frame;
      this.dataFrom = dataFrom;
      this.dataLength = dataLength;
    }

    /**
     * An event whose frame is already made, by {@link #frameOf}: {@code event: }, the type's UTF-8
     * bytes, {@code \ndata: }, the data's bytes from {@code dataFrom} on (one line: no CR or LF)
     * and {@code \n\n}. The array is taken over, not copied: the caller must not change it
     * afterwards. Only the frame's fixed parts are checked (the type's bytes and the data are the
     * caller's promise, which {@link #frameOf} keeps), so that passing an event costs no second
     * look at its bytes.
     *
     * @throws IllegalArgumentException if the frame's fixed parts are not where they belong
     */
    public static Passed framed(String type, byte[] frame, int dataFrom) {
      requireNonNull(type, "type");
      requireNonNull(frame, "frame");
      int dataLength = frame.length - dataFrom - END.length;
      int dataField = dataFrom - DATA_FIELD.length;
      if (dataField < EVENT_FIELD.length
          || dataLength < 0
          || !Arrays.equals(frame, 0, EVENT_FIELD.length, EVENT_FIELD, 0, EVENT_FIELD.length)
          || !Arrays.equals(frame, dataField, dataFrom, DATA_FIELD, 0, DATA_FIELD.length)
          || !Arrays.equals(frame, frame.length - END.length, frame.length, END, 0, END.length)) {
        throw new IllegalArgumentException(
            "frame: not an SSE frame of one event line and one data line (event " + type + ")");
      }
      return new Passed(type, frame, dataFrom, dataLength);
    }

    /**
     * The frame of an event upstream sent as one {@code event:} and one {@code data:} line: {@code
     * event: }, {@code type}, {@code \ndata: }, the data's bytes, {@code \n\n}, in an array of that
     * size. For the upstream adapter, which reads the bytes off the wire; the data starts at {@link
     * #dataOffset(int)}.
     */
    public static byte[] frameOf(
        byte[] type, int typeLength, byte[] dataBytes, int dataFrom, int dataLength) {
      byte[] frame =
          new byte[EVENT_FIELD.length + typeLength + DATA_FIELD.length + dataLength + END.length];
      int at = 0;
      System.arraycopy(EVENT_FIELD, 0, frame, at, EVENT_FIELD.length);
      at += EVENT_FIELD.length;
      System.arraycopy(type, 0, frame, at, typeLength);
      at += typeLength;
      System.arraycopy(DATA_FIELD, 0, frame, at, DATA_FIELD.length);
      at += DATA_FIELD.length;
      System.arraycopy(dataBytes, dataFrom, frame, at, dataLength);
      at += dataLength;
      System.arraycopy(END, 0, frame, at, END.length);
      return frame;
    }

    /** Where the data starts in a frame made by {@link #frameOf} for a type of that length. */
    public static int dataOffset(int typeLength) {
      return EVENT_FIELD.length + typeLength + DATA_FIELD.length;
    }

    @Override
    public String type() {
      return type;
    }

    @Override
    public String data() {
      String decoded = data;
      if (decoded == null) {
        decoded =
            new String(
                requireNonNull(frame, "frame"), dataFrom, dataLength, StandardCharsets.UTF_8);
        data = decoded;
      }
      return decoded;
    }

    /**
     * The event's bytes as the client gets them when it passes through unchanged (see the class
     * comment), or null when it has to be framed from {@link #type()} and {@link #data()}. Never to
     * be modified: it is shared.
     */
    public byte @Nullable [] frame() {
      return frame;
    }

    @Override
    public boolean equals(@Nullable Object other) {
      return other instanceof Passed that && type.equals(that.type) && data().equals(that.data());
    }

    @Override
    public int hashCode() {
      return 31 * type.hashCode() + data().hashCode();
    }

    @Override
    public String toString() {
      return "Passed[type=" + type + ", data=" + data() + "]";
    }
  }

  /**
   * {@code codex.rate_limits}: the account's quota windows as of now.
   *
   * @param snapshot the windows and credits it reported
   */
  record RateLimits(String type, String data, UsageSnapshot snapshot) implements UpstreamEvent {
    public RateLimits {
      requireNonNull(type, "type");
      requireNonNull(data, "data");
      requireNonNull(snapshot, "snapshot");
    }
  }

  /**
   * The response ended normally ({@code response.completed}, or {@code response.incomplete} for a
   * response cut short by a limit such as max tokens).
   *
   * @param usage the usage it reported; empty when it reported none (never taken as zero)
   */
  record Completed(String type, String data, Optional<ResponseUsage> usage)
      implements UpstreamEvent {
    public Completed {
      requireNonNull(type, "type");
      requireNonNull(data, "data");
      requireNonNull(usage, "usage");
    }

    @Override
    public boolean terminal() {
      return true;
    }
  }

  /**
   * The response failed: {@code response.failed} or an {@code error} event upstream sent inside the
   * stream (such as {@code server_is_overloaded}), or a cut the adapter reports.
   *
   * @param failure why, classified
   */
  record Failed(String type, String data, UpstreamFailure failure) implements UpstreamEvent {
    public Failed {
      requireNonNull(type, "type");
      requireNonNull(data, "data");
      requireNonNull(failure, "failure");
    }

    @Override
    public boolean terminal() {
      return true;
    }
  }
}
