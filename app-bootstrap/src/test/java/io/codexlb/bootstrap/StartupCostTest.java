package io.codexlb.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StartupCostTest {

  @Test
  void describesWallAndCpuTimeInMilliseconds() {
    StartupCost cost =
        new StartupCost(
            Optional.of(Duration.ofMillis(1_204)), Optional.of(Duration.ofMillis(2_310_400)));

    assertThat(cost.describe()).isEqualTo(" (started in 1,204 ms, 2,310,400 ms of CPU)");
  }

  @Test
  void saysWhatIsKnownAndNothingWhenNothingIs() {
    assertThat(new StartupCost(Optional.empty(), Optional.of(Duration.ofMillis(5))).describe())
        .isEqualTo(" (5 ms of CPU)");
    assertThat(new StartupCost(Optional.of(Duration.ofMillis(7)), Optional.empty()).describe())
        .isEqualTo(" (started in 7 ms)");
    assertThat(new StartupCost(Optional.empty(), Optional.empty()).describe()).isEmpty();
  }

  @Test
  void thisProcessHasRunAndUsedCpuTime() {
    StartupCost cost = StartupCost.ofThisProcess(Instant.now());

    // Linux reports both; the test JVM has run and loaded classes before this line.
    assertThat(cost.wall()).hasValueSatisfying(wall -> assertThat(wall).isPositive());
    assertThat(cost.cpu()).hasValueSatisfying(cpu -> assertThat(cpu).isPositive());
  }
}
