package io.codexlb.adapter.chatgpt;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Frames a server-sent event stream fed in arbitrary chunks (after the WHATWG rules): lines end in
 * LF, CRLF or CR, even when a chunk ends between CR and LF; {@code data:} lines accumulate; a blank
 * line dispatches; comments ({@code : keepalive}) and {@code id:}/{@code retry:} are ignored. Lines
 * are decoded only once whole, so a UTF-8 character split across chunks survives. Not thread-safe:
 * one parser per stream, fed from one thread.
 */
final class SseParser {

  private final int maxEventBytes;
  private final ByteArrayOutputStream line = new ByteArrayOutputStream(256);
  private final StringBuilder data = new StringBuilder();
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
    for (byte b : chunk) {
      if (tooLarge) {
        return events;
      }
      if (afterCr) {
        afterCr = false;
        if (b == '\n') {
          continue;
        }
      }
      if (b == '\r') {
        afterCr = true;
        endLine(events);
      } else if (b == '\n') {
        endLine(events);
      } else {
        line.write(b);
        eventBytes++;
        if (eventBytes > maxEventBytes) {
          tooLarge = true;
        }
      }
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
    if (line.size() > 0) {
      endLine(events);
    }
    dispatch(events);
    return events;
  }

  /** Whether an event exceeded the limit; the parser then stops. */
  boolean tooLarge() {
    return tooLarge;
  }

  private void endLine(List<SseEvent> events) {
    if (line.size() == 0) {
      dispatch(events);
      return;
    }
    String text = line.toString(StandardCharsets.UTF_8);
    line.reset();
    if (text.charAt(0) == ':') {
      return;
    }
    int colon = text.indexOf(':');
    String field = colon < 0 ? text : text.substring(0, colon);
    String value = colon < 0 ? "" : text.substring(colon + 1);
    if (value.startsWith(" ")) {
      value = value.substring(1);
    }
    if ("data".equals(field)) {
      if (hasData) {
        data.append('\n');
      }
      data.append(value);
      hasData = true;
    } else if ("event".equals(field)) {
      name = value;
    }
  }

  private void dispatch(List<SseEvent> events) {
    if (hasData) {
      events.add(new SseEvent(name, data.toString()));
    }
    data.setLength(0);
    hasData = false;
    name = "";
    eventBytes = 0;
  }
}
