package io.codexlb.adapter.chatgpt;

import static java.util.Objects.requireNonNull;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class SseParserTest {

  /** Every framing rule at once: names, CRLF, CR, comments, multi-line data, UTF-8, no name. */
  private static final byte[] SAMPLE =
      (": keepalive\n\n"
              + "event: response.created\r\n"
              + "data: {\"type\":\"response.created\"}\r\n\r\n"
              + "event: response.output_text.delta\n"
              + "data: {\"delta\":\"héllo ✓ 😀\"}\n"
              + "id: 7\n"
              + "retry: 10\n\n"
              + "event: multi\r"
              + "data: line one\r"
              + "data:line two\r"
              + "data\r\r"
              + ": comment between events\n"
              + "data: {\"type\":\"response.completed\"}\n\n"
              + "event: orphan-name-without-data\n\n"
              + "event: last\n"
              + "data: unterminated")
          .getBytes(StandardCharsets.UTF_8);

  private static final List<SseEvent> EXPECTED =
      List.of(
          new SseEvent("response.created", "{\"type\":\"response.created\"}"),
          new SseEvent("response.output_text.delta", "{\"delta\":\"héllo ✓ 😀\"}"),
          new SseEvent("multi", "line one\nline two\n"),
          new SseEvent("", "{\"type\":\"response.completed\"}"),
          new SseEvent("last", "unterminated"));

  static IntStream everyPosition() {
    return IntStream.rangeClosed(0, SAMPLE.length);
  }

  @ParameterizedTest
  @MethodSource("everyPosition")
  void aChunkBoundaryAnywhereYieldsTheSameEvents(int split) {
    assertThat(parse(SAMPLE, split)).isEqualTo(EXPECTED);
  }

  @Test
  void twoChunkBoundariesAnywhereYieldTheSameEvents() {
    for (int first = 0; first <= SAMPLE.length; first++) {
      for (int second = first; second <= SAMPLE.length; second++) {
        assertThat(parse(SAMPLE, first, second))
            .as("splits %d, %d", first, second)
            .isEqualTo(EXPECTED);
      }
    }
  }

  @Test
  void oneByteAtATimeYieldsTheSameEvents() {
    int[] splits = IntStream.range(1, SAMPLE.length).toArray();
    assertThat(parse(SAMPLE, splits)).isEqualTo(EXPECTED);
  }

  @Test
  void anEventIsDispatchedOnlyWhenItsBlankLineArrives() {
    SseParser parser = new SseParser(1024);

    assertThat(parser.feed(bytes("event: a\ndata: 1\n"))).isEmpty();
    assertThat(parser.feed(bytes("\n"))).containsExactly(new SseEvent("a", "1"));
  }

  @Test
  void aCarriageReturnEndingAChunkIsOneLineEndEvenIfALineFeedFollows() {
    SseParser parser = new SseParser(1024);

    List<SseEvent> events = new ArrayList<>(parser.feed(bytes("data: 1\r")));
    events.addAll(parser.feed(bytes("\ndata: 2\r\n\r\n")));

    assertThat(events).containsExactly(new SseEvent("", "1\n2"));
  }

  @Test
  void anEventOverTheLimitStopsTheParser() {
    SseParser parser = new SseParser(16);

    List<SseEvent> events = parser.feed(bytes("data: 0123456789abcdef\n\ndata: next\n\n"));

    assertThat(events).isEmpty();
    assertThat(parser.tooLarge()).isTrue();
    assertThat(parser.finish()).isEmpty();
  }

  @Test
  void theLimitCountsOneEventNotTheWholeStream() {
    SseParser parser = new SseParser(16);

    List<SseEvent> events = parser.feed(bytes("data: 0123456\n\ndata: 0123456\n\n"));

    assertThat(events).hasSize(2);
    assertThat(parser.tooLarge()).isFalse();
  }

  /** Upstream's own framing: one event line, one data line, a blank line, each ending in LF. */
  private static final byte[] UPSTREAM =
      ("event: response.created\n"
              + "data: {\"type\":\"response.created\"}\n\n"
              + "event: response.output_text.delta\n"
              + "data: {\"delta\":\"héllo ✓ 😀\"}\n\n"
              + "event: some.future_event\n"
              + "data: {}\n\n")
          .getBytes(StandardCharsets.UTF_8);

  @Test
  void anEventAsUpstreamFramesItKeepsItsBytesAsItsFrameWhereverTheChunksEnd() {
    for (int split = 0; split <= UPSTREAM.length; split++) {
      List<SseEvent> events = parse(UPSTREAM, split);

      assertThat(events).as("split %d", split).allMatch(SseEvent::framed);
      byte[] frames = new byte[0];
      for (SseEvent event : events) {
        byte[] frame = requireNonNull(event.passed().frame(), "frame");
        byte[] joined = Arrays.copyOf(frames, frames.length + frame.length);
        System.arraycopy(frame, 0, joined, frames.length, frame.length);
        frames = joined;
      }
      assertThat(frames).as("split %d", split).isEqualTo(UPSTREAM);
      assertThat(events)
          .containsExactly(
              new SseEvent("response.created", "{\"type\":\"response.created\"}"),
              new SseEvent("response.output_text.delta", "{\"delta\":\"héllo ✓ 😀\"}"),
              new SseEvent("some.future_event", "{}"));
    }
  }

  @Test
  void aKnownEventNameIsTheSharedStringAndAnUnknownOneIsDecoded() {
    List<SseEvent> events = parse(UPSTREAM);

    assertThat(events.get(0).name()).isSameAs("response.created");
    assertThat(events.get(1).name()).isSameAs("response.output_text.delta");
    assertThat(events.get(2).name()).isEqualTo("some.future_event");
  }

  @Test
  void anEventFramedOtherwiseIsReadAsTextWithNoFrame() {
    List<SseEvent> events =
        parse(
            bytes(
                "data: {\"a\":1}\n\n"
                    + "data: {\"b\":2}\nevent: named.after\n\n"
                    + "event: two.lines\ndata: 1\ndata: 2\n\n"
                    + "event: crlf\r\ndata: 3\r\n\r\n"));

    assertThat(events)
        .containsExactly(
            new SseEvent("", "{\"a\":1}"),
            new SseEvent("named.after", "{\"b\":2}"),
            new SseEvent("two.lines", "1\n2"),
            new SseEvent("crlf", "3"));
    assertThat(events.stream().map(SseEvent::framed))
        .containsExactly(false, false, false, true); // CRLF: the frame the client gets uses LF
    assertThat(new String(requireNonNull(events.get(3).passed().frame()), StandardCharsets.UTF_8))
        .isEqualTo("event: crlf\ndata: 3\n\n");
  }

  @Test
  void aChunkReadIntoALargerReusedArrayIsReadOnlyToItsLength() {
    SseParser parser = new SseParser(1024);
    byte[] reused = Arrays.copyOf(bytes("event: a\ndata: 1\n\n"), 64);
    Arrays.fill(reused, 19, 64, (byte) 'x');

    assertThat(parser.feed(reused, 19)).containsExactly(new SseEvent("a", "1"));
    assertThat(parser.finish()).isEmpty();
  }

  private static List<SseEvent> parse(byte[] stream, int... splits) {
    SseParser parser = new SseParser(1024);
    List<SseEvent> events = new ArrayList<>();
    int from = 0;
    for (int split : splits) {
      events.addAll(parser.feed(Arrays.copyOfRange(stream, from, split)));
      from = split;
    }
    events.addAll(parser.feed(Arrays.copyOfRange(stream, from, stream.length)));
    events.addAll(parser.finish());
    return events;
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
