package io.codexlb.adapter.chatgpt;

import io.codexlb.domain.upstream.UpstreamEvent;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Frames a server-sent event stream fed in arbitrary chunks (after the WHATWG rules): lines end in
 * LF, CRLF or CR, even when a chunk ends between CR and LF; {@code data:} lines accumulate; a blank
 * line dispatches; comments ({@code : keepalive}) and {@code id:}/{@code retry:} are ignored. Lines
 * are decoded only once whole, so a UTF-8 character split across chunks survives. An event of one
 * {@code event:} line then one {@code data:} line (as upstream sends every event) is not decoded at
 * all: it keeps its frame for the client ({@link SseEvent}), and its name is a shared string
 * ({@link EventNames}). Not thread-safe: one parser per stream, fed from one thread.
 */
final class SseParser {

  private static final int INITIAL_LINE = 256;
  private static final int INITIAL_NAME = 32;

  private static final byte[] DATA = "data".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] EVENT = "event".getBytes(StandardCharsets.US_ASCII);

  /** Buffers grown past this for one large event are let go after it, not kept per stream. */
  private static final int RETAINED_CAPACITY = 64 * 1024;

  private final int maxEventBytes;
  private byte[] line = new byte[INITIAL_LINE];
  private int lineLength;
  // The event's data: its only line so far as a frame (when its name came first, as upstream
  // sends it: the frame the client gets, built from the bytes read, with no text in between) or
  // as text, or (from the second line on) all of them in the builder.
  private byte @Nullable [] frame;
  private int frameDataFrom;
  private @Nullable String firstData;
  private StringBuilder data = new StringBuilder();
  private String name = "";
  // The name's bytes, for the frame.
  private byte[] nameBytes = new byte[INITIAL_NAME];
  private int nameLength;
  private boolean hasData;
  private boolean afterCr;
  private long eventBytes;
  private boolean tooLarge;

  /**
   * A parser that gives up on events larger than {@code maxEventBytes}.
   *
   * @param maxEventBytes the largest event accepted, in bytes on the wire; positive
   */
  SseParser(int maxEventBytes) {
    if (maxEventBytes <= 0) {
      throw new IllegalArgumentException("maxEventBytes: " + maxEventBytes + " (expected: > 0)");
    }
    this.maxEventBytes = maxEventBytes;
  }

  /** The events the chunk completes, in order; none once an event was too large. */
  List<SseEvent> feed(byte[] chunk) {
    return feed(chunk, chunk.length);
  }

  /**
   * The events the chunk's first {@code length} bytes complete, in order; none once an event was
   * too large. The bytes are not kept: the array may be reused once this returns.
   */
  List<SseEvent> feed(byte[] chunk, int length) {
    if (length < 0 || length > chunk.length) {
      throw new IllegalArgumentException(
          "length: " + length + " (expected: 0 to " + chunk.length + ")");
    }
    List<SseEvent> events = new ArrayList<>(2);
    int position = 0;
    while (position < length && !tooLarge) {
      if (afterCr) {
        afterCr = false;
        if (chunk[position] == '\n') {
          position++;
          continue;
        }
      }
      int end = position;
      while (end < length && chunk[end] != '\n' && chunk[end] != '\r') {
        end++;
      }
      append(chunk, position, end - position);
      if (end == length || tooLarge) {
        break;
      }
      afterCr = chunk[end] == '\r';
      endLine(events);
      position = end + 1;
    }
    return events;
  }

  /**
   * The end of the stream: an event whose blank line never came is still dispatched, since upstream
   * closing right after its last {@code data:} line is not a reason to lose it.
   */
  List<SseEvent> finish() {
    List<SseEvent> events = new ArrayList<>(1);
    if (tooLarge) {
      return events;
    }
    if (lineLength > 0) {
      endLine(events);
    }
    dispatch(events);
    return events;
  }

  /** Whether an event exceeded the limit; the parser then stops. */
  boolean tooLarge() {
    return tooLarge;
  }

  private void append(byte[] bytes, int from, int length) {
    eventBytes += length;
    if (eventBytes > maxEventBytes) {
      tooLarge = true;
      return;
    }
    if (lineLength + length > line.length) {
      line = Arrays.copyOf(line, Math.max(line.length * 2, lineLength + length));
    }
    System.arraycopy(bytes, from, line, lineLength, length);
    lineLength += length;
  }

  private void endLine(List<SseEvent> events) {
    if (lineLength == 0) {
      dispatch(events);
      return;
    }
    int length = lineLength;
    lineLength = 0;
    if (line[0] == ':') {
      return; // a comment
    }
    // The field is what precedes the first colon, matched as bytes: a colon is never part of a
    // UTF-8 sequence, so only the value needs decoding, and it is decoded once.
    int colon = 0;
    while (colon < length && line[colon] != ':') {
      colon++;
    }
    int valueFrom = Math.min(colon + 1, length);
    if (valueFrom < length && line[valueFrom] == ' ') {
      valueFrom++;
    }
    if (isField(DATA, colon)) {
      int valueLength = length - valueFrom;
      if (!hasData) {
        // Most events have one data line: no builder for them, and no text when named first.
        if (!name.isEmpty()) {
          frame = UpstreamEvent.Passed.frameOf(nameBytes, nameLength, line, valueFrom, valueLength);
          frameDataFrom = UpstreamEvent.Passed.dataOffset(nameLength);
        } else {
          firstData = new String(line, valueFrom, valueLength, StandardCharsets.UTF_8);
        }
      } else {
        unframe();
        if (firstData != null) {
          data.append(firstData);
          firstData = null;
        }
        data.append('\n').append(new String(line, valueFrom, valueLength, StandardCharsets.UTF_8));
      }
      hasData = true;
    } else if (isField(EVENT, colon)) {
      // A name after the data (not how upstream sends it): the frame holds the old one.
      unframe();
      nameLength = length - valueFrom;
      if (nameBytes.length < nameLength) {
        nameBytes = new byte[Math.max(nameBytes.length * 2, nameLength)];
      }
      System.arraycopy(line, valueFrom, nameBytes, 0, nameLength);
      name = EventNames.of(nameBytes, nameLength);
    }
  }

  /** The data line held as a frame, as text instead. */
  private void unframe() {
    byte[] held = frame;
    if (held != null) {
      firstData =
          new String(
              held,
              frameDataFrom,
              held.length - frameDataFrom - 2, // the blank line's two line feeds
              StandardCharsets.UTF_8);
      frame = null;
    }
  }

  private boolean isField(byte[] field, int length) {
    if (length != field.length) {
      return false;
    }
    for (int i = 0; i < length; i++) {
      if (line[i] != field[i]) {
        return false;
      }
    }
    return true;
  }

  private void dispatch(List<SseEvent> events) {
    byte[] framed = frame;
    if (hasData) {
      events.add(
          framed != null
              ? new SseEvent(name, framed, frameDataFrom)
              : new SseEvent(name, firstData != null ? firstData : data.toString()));
    }
    frame = null;
    firstData = null;
    data.setLength(0);
    if (data.capacity() > RETAINED_CAPACITY) {
      data = new StringBuilder();
    }
    if (line.length > RETAINED_CAPACITY) {
      line = new byte[INITIAL_LINE];
    }
    if (nameBytes.length > RETAINED_CAPACITY) {
      nameBytes = new byte[INITIAL_NAME];
    }
    nameLength = 0;
    hasData = false;
    name = "";
    eventBytes = 0;
  }
}
