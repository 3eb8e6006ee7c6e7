package io.codexlb.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JvmDefaultsTest {

  private static final long GIB = 1024L * 1024 * 1024;
  private static final List<String> SERVE = List.of("--port", "2455");

  @Test
  void aLargeMachineGetsTheCappedHeapAndTheRest() {
    assertThat(JvmDefaults.choose(SERVE, List.of(), Map.of(), 24 * GIB))
        .contains(
            List.of(
                "-Xms16m",
                "-Xmx288m",
                "-XX:MinHeapFreeRatio=10",
                "-XX:MaxHeapFreeRatio=30",
                "-XX:G1PeriodicGCInterval=60000",
                "-XX:+ExitOnOutOfMemoryError",
                "-Dio.netty.mpscChunkSize=128"));
  }

  @Test
  void aSmallMachineGetsAQuarterOfItsMemory() {
    assertThat(JvmDefaults.options(1 * GIB)).contains("-Xmx256m").doesNotContain("-Xmx288m");
    assertThat(JvmDefaults.options(1100L * 1024 * 1024)).contains("-Xmx275m");
    assertThat(JvmDefaults.options(1536L * 1024 * 1024)).contains("-Xmx288m");
  }

  @Test
  void aTinyMachineStillGetsTheSmallestHeap() {
    assertThat(JvmDefaults.options(128L * 1024 * 1024)).contains("-Xmx64m");
    assertThat(JvmDefaults.options(0)).contains("-Xmx64m");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "-Xmx1g",
        "-Xms64m",
        "-XX:MaxRAM=2g",
        "-XX:MaxRAMPercentage=75.0",
        "-XX:InitialRAMPercentage=10",
        "-XX:MinRAMPercentage=50",
        "-XX:MaxRAMFraction=2",
        "-XX:MaxHeapSize=512m",
        "-XX:InitialHeapSize=64m",
        "-XX:+UseSerialGC",
        "-XX:+UseZGC",
        "-XX:+UseParallelGC",
        "-XX:-UseG1GC"
      })
  void aHeapOrCollectorOptionOnTheCommandLineIsTheUsersChoice(String option) {
    assertThat(JvmDefaults.choose(SERVE, List.of("-Dx=1", option), Map.of(), 24 * GIB)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS", "_JAVA_OPTIONS"})
  void aHeapOptionInAnEnvironmentVariableIsTheUsersChoice(String variable) {
    assertThat(
            JvmDefaults.choose(SERVE, List.of(), Map.of(variable, " -Dfoo=bar  -Xmx2g "), 24 * GIB))
        .isEmpty();
  }

  @Test
  void otherJvmOptionsLeaveTheChoiceToCodexLb() {
    assertThat(
            JvmDefaults.choose(
                SERVE,
                List.of("-Dlogback.debug=true", "-XX:+UnlockDiagnosticVMOptions", "-Xss512k"),
                Map.of("JAVA_TOOL_OPTIONS", "-Dfile.encoding=UTF-8"),
                24 * GIB))
        .isPresent();
  }

  @Test
  void optingOutRunsInThisJvm() {
    assertThat(
            JvmDefaults.choose(
                SERVE, List.of(), Map.of(JvmDefaults.OPT_OUT_VARIABLE, "off"), 24 * GIB))
        .isEmpty();
    assertThat(
            JvmDefaults.choose(
                SERVE, List.of(), Map.of(JvmDefaults.OPT_OUT_VARIABLE, " OFF "), 24 * GIB))
        .isEmpty();
    assertThat(
            JvmDefaults.choose(
                SERVE, List.of(), Map.of(JvmDefaults.OPT_OUT_VARIABLE, "on"), 24 * GIB))
        .isPresent();
  }

  @Test
  void theLaunchedChildNeverLaunchesAgain() {
    assertThat(
            JvmDefaults.choose(
                SERVE, List.of(), Map.of(JvmDefaults.LAUNCHER_PID_VARIABLE, "4242"), 24 * GIB))
        .isEmpty();
  }

  @Test
  void onlyTheServerIsRelaunched() {
    assertThat(JvmDefaults.serves(List.of())).isTrue();
    assertThat(
            JvmDefaults.serves(List.of("--port", "0", "--data-dir=/tmp/x", "--log-level", "INFO")))
        .isTrue();
    // A flag's value is not a command, even when it reads like one.
    assertThat(JvmDefaults.serves(List.of("--data-dir", "keys"))).isTrue();
    assertThat(JvmDefaults.serves(List.of("--help"))).isFalse();
    assertThat(JvmDefaults.serves(List.of("-h"))).isFalse();
    assertThat(JvmDefaults.serves(List.of("--version"))).isFalse();
    assertThat(JvmDefaults.serves(List.of("-V"))).isFalse();
    assertThat(JvmDefaults.serves(List.of("--port", "0", "--help"))).isFalse();
    assertThat(JvmDefaults.serves(List.of("keys", "create", "--name", "x"))).isFalse();
    assertThat(JvmDefaults.serves(List.of("--data-dir", "/d", "accounts", "list"))).isFalse();
    assertThat(JvmDefaults.choose(List.of("keys", "list"), List.of(), Map.of(), 24 * GIB))
        .isEmpty();
  }
}
