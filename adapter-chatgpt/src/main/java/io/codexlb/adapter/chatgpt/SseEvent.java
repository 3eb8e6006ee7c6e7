package io.codexlb.adapter.chatgpt;

import static java.util.Objects.requireNonNull;

import io.codexlb.domain.upstream.UpstreamEvent;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/**
 * One server-sent event as it was framed on the wire, before its meaning is read: its {@code
 * event:} field ({@link #name()}, empty when it had none) and its {@code data:} lines joined with
 * {@code \n} ({@link #data()}).
 *
 * <p>An event of one {@code event:} line and one {@code data:} line (what upstream sends) also
 * carries its frame as the client gets it ({@link UpstreamEvent.Passed#frameOf}), built once from
 * the bytes read; its data is then decoded only if asked for, so an event that only passes through
 * is never turned into text. Equality is by name and data, as a record's would be.
 */
final class SseEvent {

  private final String name;
  private final byte @Nullable [] frame;
  private final int dataFrom;
  private @Nullable String data;

  /** An event with its data as text. */
  SseEvent(String name, String data) {
    this.name = requireNonNull(name, "name");
    this.data = requireNonNull(data, "data");
    this.frame = null;
    this.dataFrom = 0;
  }

  /**
   * An event of one {@code event:} and one {@code data:} line: {@code frame} as {@link
   * UpstreamEvent.Passed#frameOf} made it, its data starting at {@code dataFrom}.
   */
  SseEvent(String name, byte[] frame, int dataFrom) {
    this.name = requireNonNull(name, "name");
    this.frame = requireNonNull(frame, "frame");
    this.dataFrom = dataFrom;
  }

  /** The {@code event:} field; empty when the event had none. */
  String name() {
    return name;
  }

  /** The {@code data:} lines joined with {@code \n}. */
  String data() {
    String decoded = data;
    if (decoded == null) {
      byte[] bytes = requireNonNull(frame, "frame");
      // The frame ends with the blank line's two line feeds, which are not data.
      decoded = new String(bytes, dataFrom, bytes.length - dataFrom - 2, StandardCharsets.UTF_8);
      data = decoded;
    }
    return decoded;
  }

  /** The event as passed on unchanged: with its frame when it has one, else framed later. */
  UpstreamEvent.Passed passed() {
    byte[] bytes = frame;
    return bytes != null
        ? UpstreamEvent.Passed.framed(name, bytes, dataFrom)
        : new UpstreamEvent.Passed(name, data());
  }

  /** Whether it carries its frame (for tests). */
  boolean framed() {
    return frame != null;
  }

  @Override
  public boolean equals(@Nullable Object other) {
    return other instanceof SseEvent that && name.equals(that.name) && data().equals(that.data());
  }

  @Override
  public int hashCode() {
    return 31 * name.hashCode() + data().hashCode();
  }

  @Override
  public String toString() {
    return "SseEvent[name=" + name + ", data=" + data() + "]";
  }
}
