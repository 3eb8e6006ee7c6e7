package io.codexlb.benchmarks.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ReportFormattingTest {

  @Test
  void aTableAlignsLabelsLeftAndNumbersRight() {
    String table =
        new TextTable("path", "p50", "p99")
            .row("direct", "0.210", "1.005")
            .row("codex-lb", "0.5", "12.250")
            .render();

    assertThat(table)
        .isEqualTo(
            "path        p50     p99\n"
                + "direct    0.210   1.005\n"
                + "codex-lb    0.5  12.250\n");
  }

  @Test
  void eachRoundStartsTheTurnsAtTheNextPath() {
    List<String> paths = List.of("direct", "nginx", "codex-lb");

    assertThat(LoadHarness.rotated(paths, 0)).containsExactly("direct", "nginx", "codex-lb");
    assertThat(LoadHarness.rotated(paths, 1)).containsExactly("nginx", "codex-lb", "direct");
    assertThat(LoadHarness.rotated(paths, 5)).containsExactly("codex-lb", "direct", "nginx");
  }

  @Test
  void aRowMustFillEveryColumn() {
    assertThatThrownBy(() -> new TextTable("a", "b").row("only one"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("cells: 1 (expected: 2, one per column)");
  }

  @Test
  void memoryMilestonesAreTheFirstSampleAtOrPastEachQuarter() {
    List<OpenStreamsRun.Sample> samples =
        List.of(
            new OpenStreamsRun.Sample(0, 200 * 1024),
            new OpenStreamsRun.Sample(1_200, 230 * 1024),
            new OpenStreamsRun.Sample(2_600, 260 * 1024),
            // A jump over two quarters at once is one milestone.
            new OpenStreamsRun.Sample(8_000, 330 * 1024),
            new OpenStreamsRun.Sample(10_000, 350 * 1024));

    assertThat(MemoryReport.milestones(samples, 10_000))
        .containsExactly("2,600: 260", "8,000: 330", "10,000: 350");
  }

  @Test
  void theMemoryReportShowsTheCostPerStream() {
    OpenStreamsRun.Result result =
        new OpenStreamsRun.Result(
            1000,
            1000,
            new FailureCounts(),
            100 * 1024,
            150 * 1024,
            160 * 1024,
            110 * 1024,
            List.of(new OpenStreamsRun.Sample(1000, 150 * 1024)));

    assertThat(result.kibPerStream()).isEqualTo(51.2);
    assertThat(MemoryReport.render(result))
        .contains("1,000 of 1,000")
        .contains("51.2")
        .contains("As streams opened (open: MiB): 1,000: 150");
  }

  @Test
  void withoutMemoryFiguresThereIsNoCostPerStream() {
    OpenStreamsRun.Result unreadable =
        new OpenStreamsRun.Result(10, 10, new FailureCounts(), -1, -1, -1, -1, List.of());

    assertThat(unreadable.kibPerStream()).isEqualTo(-1);
    assertThat(MemoryReport.render(unreadable)).contains("n/a");
  }
}
