package io.codexlb.adapter.chatgpt;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the "try again in ..." hint of an upstream rate-limit message: Go-style durations such as
 * {@code 6m0s}, {@code 1h2m3s}, {@code 500ms} or {@code 1.5s}, or spelled-out {@code 20 seconds}.
 */
final class RetryAfterParser {

  private static final Pattern HINT =
      Pattern.compile(
          "try again in\\s+(\\d+(?:\\.\\d+)?\\s*(?:milliseconds?|seconds?|minutes?|hours?)"
              + "|(?:\\d+(?:\\.\\d+)?(?:ms|h|m|s))+)",
          Pattern.CASE_INSENSITIVE);
  private static final Pattern PART =
      Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|milliseconds?|h|hours?|m|minutes?|s|seconds?)");

  /** A day: a longer hint is taken as garbage. */
  private static final Duration MAX = Duration.ofDays(1);

  private RetryAfterParser() {}

  /** The delay the message asks for; empty when it names none. */
  static Optional<Duration> parse(String message) {
    if (message == null) {
      return Optional.empty();
    }
    Matcher hint = HINT.matcher(message);
    if (!hint.find()) {
      return Optional.empty();
    }
    Matcher part = PART.matcher(hint.group(1).toLowerCase(Locale.ROOT));
    double millis = 0;
    boolean any = false;
    while (part.find()) {
      any = true;
      millis += Double.parseDouble(part.group(1)) * unitMillis(part.group(2));
    }
    if (!any || millis > MAX.toMillis()) {
      return Optional.empty();
    }
    return Optional.of(Duration.ofMillis(Math.round(millis)));
  }

  private static double unitMillis(String unit) {
    if (unit.startsWith("ms") || unit.startsWith("milli")) {
      return 1;
    }
    if (unit.startsWith("h")) {
      return 3_600_000;
    }
    if (unit.startsWith("m")) {
      return 60_000;
    }
    return 1_000;
  }
}
