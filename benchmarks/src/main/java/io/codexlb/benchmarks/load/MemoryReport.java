package io.codexlb.benchmarks.load;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Formats an {@link OpenStreamsRun.Result}: the figures, then resident memory as streams opened.
 */
final class MemoryReport {

  private MemoryReport() {}

  static String render(OpenStreamsRun.Result result) {
    TextTable table =
        new TextTable(
            "streams open",
            "failed",
            "idle MiB",
            "open MiB",
            "peak MiB",
            "closed MiB",
            "KiB/stream");
    table.row(
        String.format(Locale.ROOT, "%,d of %,d", result.open(), result.requested()),
        result.failed().describe(),
        mib(result.idleKib()),
        mib(result.openKib()),
        mib(result.peakKib()),
        mib(result.afterCloseKib()),
        result.kibPerStream() < 0
            ? "n/a"
            : String.format(Locale.ROOT, "%.1f", result.kibPerStream()));
    StringBuilder out = new StringBuilder(table.render());
    out.append("As streams opened (open: MiB): ");
    out.append(String.join(", ", milestones(result.samples(), result.requested())));
    return out.append('\n').toString();
  }

  /** The first sample at or past each quarter of {@code requested} streams. */
  static List<String> milestones(List<OpenStreamsRun.Sample> samples, int requested) {
    List<String> marks = new ArrayList<>();
    int quarter = 0;
    for (OpenStreamsRun.Sample sample : samples) {
      int reached = quarter;
      while (reached < 4 && sample.open() >= (long) requested * (reached + 1) / 4) {
        reached++;
      }
      if (reached > quarter) {
        quarter = reached;
        marks.add(String.format(Locale.ROOT, "%,d: %s", sample.open(), mib(sample.residentKib())));
      }
    }
    if (marks.isEmpty() && !samples.isEmpty()) {
      OpenStreamsRun.Sample last = samples.get(samples.size() - 1);
      marks.add(String.format(Locale.ROOT, "%,d: %s", last.open(), mib(last.residentKib())));
    }
    return marks;
  }

  private static String mib(long kib) {
    return kib < 0 ? "n/a" : String.format(Locale.ROOT, "%.0f", kib / 1024.0);
  }
}
