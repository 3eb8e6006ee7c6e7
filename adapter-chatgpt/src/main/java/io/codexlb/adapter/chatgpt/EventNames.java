package io.codexlb.adapter.chatgpt;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The event names upstream sends, as shared strings: a stream's every event has one, and most are
 * one of a few dozen, so reading a known name off the wire finds its string instead of making one.
 * A name not listed is decoded as any text is. Immutable, so shared by every stream.
 */
final class EventNames {

  /** The Responses API's streaming events and the backend's own. */
  private static final List<String> KNOWN =
      List.of(
          "response.created",
          "response.in_progress",
          "response.queued",
          "response.completed",
          "response.incomplete",
          "response.failed",
          "error",
          "codex.rate_limits",
          "response.output_item.added",
          "response.output_item.done",
          "response.content_part.added",
          "response.content_part.done",
          "response.output_text.delta",
          "response.output_text.done",
          "response.output_text.annotation.added",
          "response.text.delta",
          "response.refusal.delta",
          "response.refusal.done",
          "response.function_call_arguments.delta",
          "response.function_call_arguments.done",
          "response.custom_tool_call_input.delta",
          "response.custom_tool_call_input.done",
          "response.reasoning_summary_part.added",
          "response.reasoning_summary_part.done",
          "response.reasoning_summary_text.delta",
          "response.reasoning_summary_text.done",
          "response.reasoning_text.delta",
          "response.reasoning_text.done",
          "response.web_search_call.in_progress",
          "response.web_search_call.searching",
          "response.web_search_call.completed",
          "response.file_search_call.in_progress",
          "response.file_search_call.searching",
          "response.file_search_call.completed",
          "response.image_generation_call.in_progress",
          "response.image_generation_call.generating",
          "response.image_generation_call.partial_image",
          "response.image_generation_call.completed");

  /** Names longer than this are never listed. */
  private static final int LONGEST = 64;

  // By length: the names of that length and their bytes.
  private static final String[][] NAMES = new String[LONGEST + 1][];
  private static final byte[][][] BYTES = new byte[LONGEST + 1][][];

  static {
    List<List<String>> byLength = new ArrayList<>();
    for (int i = 0; i <= LONGEST; i++) {
      byLength.add(new ArrayList<>());
    }
    for (String name : KNOWN) {
      byLength.get(name.getBytes(StandardCharsets.UTF_8).length).add(name);
    }
    for (int length = 0; length <= LONGEST; length++) {
      List<String> names = byLength.get(length);
      NAMES[length] = names.toArray(new String[0]);
      BYTES[length] = new byte[names.size()][];
      for (int i = 0; i < names.size(); i++) {
        BYTES[length][i] = names.get(i).getBytes(StandardCharsets.UTF_8);
      }
    }
  }

  private EventNames() {}

  /** The name in {@code bytes[0, length)}: the shared string when it is a known one. */
  static String of(byte[] bytes, int length) {
    if (length == 0) {
      return "";
    }
    if (length <= LONGEST) {
      byte[][] candidates = BYTES[length];
      for (int i = 0; i < candidates.length; i++) {
        if (java.util.Arrays.equals(candidates[i], 0, length, bytes, 0, length)) {
          return NAMES[length][i];
        }
      }
    }
    return new String(bytes, 0, length, StandardCharsets.UTF_8);
  }
}
