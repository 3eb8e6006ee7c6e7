package io.codexlb.benchmarks.load;

import static org.assertj.core.api.Assertions.assertThat;

import io.codexlb.benchmarks.load.HarnessOptions.Phase;
import io.codexlb.benchmarks.load.HarnessOptions.Target;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class HarnessOptionsTest {

  @Test
  void withoutArgumentsEveryPathAndPhaseRunsAtTheIssuesRates() {
    HarnessOptions options = run();

    assertThat(options.rate()).isEqualTo(1000);
    assertThat(options.streams()).isEqualTo(10_000);
    assertThat(options.targets())
        .containsExactly(Target.DIRECT, Target.NGINX, Target.CODEX_LB, Target.CODEX_LB_CHAT);
    assertThat(options.phases())
        .containsExactly(Phase.LATENCY, Phase.THROUGHPUT, Phase.TTFB, Phase.MEMORY);
    assertThat(options.lbJar()).isEqualTo(Path.of("app-bootstrap", "target", "codex-lb.jar"));
    assertThat(options.lbFlightRecording()).isFalse();
    assertThat(options.keepTemp()).isFalse();
  }

  @Test
  void aFlightRecordingKeepsTheDirectoryItIsWrittenTo() {
    HarnessOptions options = run("--lb-jfr");

    assertThat(options.lbFlightRecording()).isTrue();
    assertThat(options.keepTemp()).isTrue();
  }

  @Test
  void readsEveryOption() {
    HarnessOptions options =
        run(
            "--rate",
            "500",
            "--duration",
            "20s",
            "--rounds",
            "4",
            "--jit-warmup",
            "45s",
            "--warmup",
            "0",
            "--connections",
            "8",
            "--requests",
            "20000",
            "--streams",
            "2000",
            "--stream-open-rate",
            "400",
            "--accounts",
            "2",
            "--account-stream-limit",
            "50",
            "--targets",
            "codex-lb,direct",
            "--phases",
            "memory,latency",
            "--lb-jar",
            "/opt/codex-lb.jar",
            "--lb-java-options",
            " -Xmx256m  -XX:+UseSerialGC ",
            "--keep-temp");

    assertThat(options.rate()).isEqualTo(500);
    assertThat(options.durationSeconds()).isEqualTo(20);
    assertThat(options.rounds()).isEqualTo(4);
    assertThat(options.jitWarmUpSeconds()).isEqualTo(45);
    assertThat(options.warmUpSeconds()).isZero();
    assertThat(options.connections()).isEqualTo(8);
    assertThat(options.requests()).isEqualTo(20_000);
    assertThat(options.streams()).isEqualTo(2000);
    assertThat(options.streamOpenRate()).isEqualTo(400);
    assertThat(options.accounts()).isEqualTo(2);
    assertThat(options.accountStreamLimit()).isEqualTo(50);
    assertThat(options.lbJar()).isEqualTo(Path.of("/opt/codex-lb.jar"));
    assertThat(options.lbJavaOptions()).containsExactly("-Xmx256m", "-XX:+UseSerialGC");
    assertThat(options.keepTemp()).isTrue();
  }

  @Test
  void theThroughputPhaseMeasuresADurationUnlessACountIsGiven() {
    assertThat(run().requests()).isZero();
    assertThat(HarnessOptions.parse(List.of("--requests", "0")))
        .isInstanceOf(HarnessOptions.Parsed.Invalid.class);
  }

  @Test
  void targetsAndPhasesRunInTheirOwnOrderWhateverTheCommandLineSays() {
    HarnessOptions options = run("--targets", "codex-lb,direct", "--phases", "memory,latency");

    assertThat(options.targets()).containsExactly(Target.DIRECT, Target.CODEX_LB);
    assertThat(options.phases()).containsExactly(Phase.LATENCY, Phase.MEMORY);
  }

  @Test
  void helpIsAskedFor() {
    assertThat(HarnessOptions.parse(List.of("--rate", "5", "--help")))
        .isInstanceOf(HarnessOptions.Parsed.Help.class);
  }

  @Test
  void aBadValueNamesTheOptionTheValueAndWhatWasExpected() {
    assertThat(invalid("--rate", "fast")).isEqualTo("--rate: fast (expected: a whole number > 0)");
    assertThat(invalid("--streams", "0")).isEqualTo("--streams: 0 (expected: a whole number > 0)");
    assertThat(invalid("--warmup", "-1")).isEqualTo("--warmup: -1 (expected: a whole number >= 0)");
    assertThat(invalid("--targets", "direct,haproxy"))
        .isEqualTo(
            "--targets: direct,haproxy (expected: a list of direct, nginx, codex-lb, codex-lb-chat)");
    assertThat(invalid("--phases", "speed"))
        .isEqualTo(
            "--phases: speed (expected: a list of startup, latency, throughput, ttfb, memory)");
  }

  @Test
  void anUnknownOptionOrAMissingValueIsAUsageError() {
    assertThat(invalid("--turbo", "1"))
        .isEqualTo("--turbo: unknown option (expected: an option listed by --help)");
    assertThat(invalid("--rate")).isEqualTo("--rate: no value (expected: an option and its value)");
  }

  private static HarnessOptions run(String... args) {
    HarnessOptions.Parsed parsed = HarnessOptions.parse(List.of(args));
    assertThat(parsed).isInstanceOf(HarnessOptions.Parsed.Run.class);
    return ((HarnessOptions.Parsed.Run) parsed).options();
  }

  private static String invalid(String... args) {
    HarnessOptions.Parsed parsed = HarnessOptions.parse(List.of(args));
    assertThat(parsed).isInstanceOf(HarnessOptions.Parsed.Invalid.class);
    return ((HarnessOptions.Parsed.Invalid) parsed).message();
  }
}
