package io.codexlb.testkit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A 200 {@code text/event-stream} answer: {@code text} split into {@code deltas} {@code
 * response.output_text.delta} events (fewer when the text has fewer characters), {@code delay}
 * between two deltas, and an {@link Ending}.
 *
 * @param text the whole answer text
 * @param deltas how many delta events to split it into, at least 1
 * @param delay pause between two consecutive deltas
 * @param usage usage reported by {@code response.completed}; empty means a default derived from the
 *     text
 * @param quota quota reported in headers and a {@code codex.rate_limits} event; empty means none
 * @param firstByteDelay pause before the status line
 * @param ending how the stream ends
 * @param endAfterDeltas for {@link Ending#CUT} and {@link Ending#OVERLOADED}: deltas sent first
 * @param functionCalls function calls the answer makes after its text (an answer with calls and an
 *     empty text has no message item at all)
 * @param firstDeltaDelay pause after the events that open the answer ({@code response.created}, the
 *     item and part added), before the first delta: an upstream silent while it thinks
 */
public record StreamScript(
    String text,
    int deltas,
    Duration delay,
    Optional<ScriptedUsage> usage,
    Optional<Quota> quota,
    Duration firstByteDelay,
    Ending ending,
    int endAfterDeltas,
    List<FunctionCall> functionCalls,
    Duration firstDeltaDelay)
    implements Script {

  /** The text of scripts that do not name one. */
  public static final String DEFAULT_TEXT = "Hello from the fake ChatGPT backend.";

  /** How a scripted stream ends. */
  public enum Ending {
    /** The usual end: text done, item done, {@code response.completed} with usage. */
    COMPLETED,
    /** The connection is closed after {@code endAfterDeltas} deltas, with no terminal event. */
    CUT,
    /**
     * After {@code endAfterDeltas} deltas a {@code response.failed} event with error code {@code
     * server_is_overloaded}, then the stream ends normally.
     */
    OVERLOADED
  }

  /** Checks the values, so a script never describes a stream that cannot be written. */
  public StreamScript {
    if (text == null) {
      throw new IllegalArgumentException("text: null (expected: a string)");
    }
    if (deltas < 1) {
      throw new IllegalArgumentException("deltas: " + deltas + " (expected: >= 1)");
    }
    requireNotNegative("delay", delay);
    requireNotNegative("firstByteDelay", firstByteDelay);
    requireNotNegative("firstDeltaDelay", firstDeltaDelay);
    if (usage == null || quota == null || ending == null) {
      throw new IllegalArgumentException("usage, quota, ending: null (expected: values)");
    }
    if (endAfterDeltas < 0) {
      throw new IllegalArgumentException("endAfterDeltas: " + endAfterDeltas + " (expected: >= 0)");
    }
    if (functionCalls == null) {
      throw new IllegalArgumentException("functionCalls: null (expected: a list)");
    }
    functionCalls = List.copyOf(functionCalls);
  }

  /** A script without function calls (the form scripts had before they could make any). */
  public StreamScript(
      String text,
      int deltas,
      Duration delay,
      Optional<ScriptedUsage> usage,
      Optional<Quota> quota,
      Duration firstByteDelay,
      Ending ending,
      int endAfterDeltas) {
    this(text, deltas, delay, usage, quota, firstByteDelay, ending, endAfterDeltas, List.of());
  }

  /** A script that sends its first delta at once (the form scripts had before they could wait). */
  public StreamScript(
      String text,
      int deltas,
      Duration delay,
      Optional<ScriptedUsage> usage,
      Optional<Quota> quota,
      Duration firstByteDelay,
      Ending ending,
      int endAfterDeltas,
      List<FunctionCall> functionCalls) {
    this(
        text,
        deltas,
        delay,
        usage,
        quota,
        firstByteDelay,
        ending,
        endAfterDeltas,
        functionCalls,
        Duration.ZERO);
  }

  static StreamScript of(String text) {
    return new StreamScript(
        text,
        1,
        Duration.ZERO,
        Optional.empty(),
        Optional.empty(),
        Duration.ZERO,
        Ending.COMPLETED,
        0);
  }

  /** This script with the text split into {@code count} deltas. */
  public StreamScript inDeltas(int count) {
    return new StreamScript(
        text,
        count,
        delay,
        usage,
        quota,
        firstByteDelay,
        ending,
        endAfterDeltas,
        functionCalls,
        firstDeltaDelay);
  }

  /** This script pausing {@code pause} between two deltas. */
  public StreamScript withDelay(Duration pause) {
    return new StreamScript(
        text,
        deltas,
        pause,
        usage,
        quota,
        firstByteDelay,
        ending,
        endAfterDeltas,
        functionCalls,
        firstDeltaDelay);
  }

  /** This script reporting {@code reported} in {@code response.completed}. */
  public StreamScript usage(ScriptedUsage reported) {
    return new StreamScript(
        text,
        deltas,
        delay,
        Optional.of(reported),
        quota,
        firstByteDelay,
        ending,
        endAfterDeltas,
        functionCalls,
        firstDeltaDelay);
  }

  /** This script reporting {@code input} and {@code output} tokens, none cached or reasoning. */
  public StreamScript usage(int input, int output) {
    return usage(new ScriptedUsage(input, 0, output, 0));
  }

  /** This script reporting {@code reported} in headers and a {@code codex.rate_limits} event. */
  public StreamScript quota(Quota reported) {
    return new StreamScript(
        text,
        deltas,
        delay,
        usage,
        Optional.of(reported),
        firstByteDelay,
        ending,
        endAfterDeltas,
        functionCalls,
        firstDeltaDelay);
  }

  /** This script waiting {@code wait} before the status line. */
  public StreamScript firstByteAfter(Duration wait) {
    return new StreamScript(
        text,
        deltas,
        delay,
        usage,
        quota,
        wait,
        ending,
        endAfterDeltas,
        functionCalls,
        firstDeltaDelay);
  }

  /**
   * This script pausing {@code pause} after the events that open the answer, before its first
   * delta: the status line and {@code response.created} come at once, then nothing for a while.
   */
  public StreamScript firstDeltaAfter(Duration pause) {
    return new StreamScript(
        text,
        deltas,
        delay,
        usage,
        quota,
        firstByteDelay,
        ending,
        endAfterDeltas,
        functionCalls,
        pause);
  }

  /**
   * This script closing the connection after {@code sentDeltas} deltas, without a terminal event.
   */
  public StreamScript cutAfter(int sentDeltas) {
    return new StreamScript(
        text,
        deltas,
        delay,
        usage,
        quota,
        firstByteDelay,
        Ending.CUT,
        sentDeltas,
        functionCalls,
        firstDeltaDelay);
  }

  /** This script failing with {@code server_is_overloaded} after {@code sentDeltas} deltas. */
  public StreamScript overloadedAfter(int sentDeltas) {
    return new StreamScript(
        text,
        deltas,
        delay,
        usage,
        quota,
        firstByteDelay,
        Ending.OVERLOADED,
        sentDeltas,
        functionCalls,
        firstDeltaDelay);
  }

  /** This script calling {@code call} after its text (after the calls it already makes). */
  public StreamScript withFunctionCall(FunctionCall call) {
    List<FunctionCall> calls = new ArrayList<>(functionCalls);
    calls.add(call);
    return new StreamScript(
        text,
        deltas,
        delay,
        usage,
        quota,
        firstByteDelay,
        ending,
        endAfterDeltas,
        calls,
        firstDeltaDelay);
  }

  /** Whether the answer has a message item: it has text, or it makes no function call. */
  boolean hasMessage() {
    return !text.isEmpty() || functionCalls.isEmpty();
  }

  /**
   * The usage {@code response.completed} reports: the scripted one or one derived from the text.
   */
  ScriptedUsage reportedUsage() {
    return usage.orElseGet(() -> new ScriptedUsage(10, 0, Math.max(1, text.length() / 4), 0));
  }

  private static void requireNotNegative(String name, Duration value) {
    if (value == null || value.isNegative()) {
      throw new IllegalArgumentException(name + ": " + value + " (expected: a duration >= 0)");
    }
  }
}
