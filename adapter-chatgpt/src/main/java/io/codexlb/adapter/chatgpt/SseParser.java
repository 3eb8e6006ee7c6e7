package io.codexlb.adapter.chatgpt;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Frames a server-sent event stream fed in arbitrary chunks (after the WHATWG rules): lines end in
 * LF, CRLF or CR, even when a chunk ends between CR and LF; {@code data:} lines accumulate; a blank
 * line dispatches; comments ({@code : keepalive}) and {@code id:}/{@code retry:} are ignored. Lines
 * are decoded only once whole, so a UTF-8 character split across chunks survives. Not thread-safe:
 * one parser per stream, fed from one thread.
 */
final class SseParser {

  private static final int INITIAL_LINE = 256;

  private static final byte[] DATA = "data".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] EVENT = "event".getBytes(StandardCharsets.US_ASCII);

  /** Buffers grown past this for one large event are let go after it, not kept per stream. */
  private static final int RETAINED_CAPACITY = 64 * 1024;

  private final int maxEventBytes;
  private byte[] line = new byte[INITIAL_LINE];
  private int lineLength;
  // The event's data: its only line so far, or (from the second line on) all of them in the
  // builder.
  private @Nullable String firstData;
  private StringBuilder data = new StringBuilder();
  private String name = "";
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
    List<SseEvent> events = new ArrayList<>(2);
    int position = 0;
    while (position < chunk.length && !tooLarge) {
      if (afterCr) {
        afterCr = false;
        if (chunk[position] == '\n') {
          position++;
          continue;
        }
      }
      int end = position;
      while (end < chunk.length && chunk[end] != '\n' && chunk[end] != '\r') {
        end++;
      }
      append(chunk, position, end - position);
      if (end == chunk.length || tooLarge) {
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
      String value = new String(line, valueFrom, length - valueFrom, StandardCharsets.UTF_8);
      if (!hasData) {
        firstData = value; // most events have one data line: no builder for them
      } else {
        if (firstData != null) {
          data.append(firstData);
          firstData = null;
        }
        data.append('\n').append(value);
      }
      hasData = true;
    } else if (isField(EVENT, colon)) {
      name = new String(line, valueFrom, length - valueFrom, StandardCharsets.UTF_8);
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
    if (hasData) {
      events.add(new SseEvent(name, firstData != null ? firstData : data.toString()));
    }
    firstData = null;
    data.setLength(0);
    if (data.capacity() > RETAINED_CAPACITY) {
      data = new StringBuilder();
    }
    if (line.length > RETAINED_CAPACITY) {
      line = new byte[INITIAL_LINE];
    }
    hasData = false;
    name = "";
    eventBytes = 0;
  }
}
