package io.codexlb.port.out;

import static org.assertj.core.api.Assertions.assertThat;

import io.codexlb.domain.health.CheckResult;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link ReadinessProbe} adapter keeps. An adapter's test extends this class and
 * supplies a probe over a working dependency and one over a dependency that cannot be reached.
 */
public abstract class ReadinessProbeContract {

  /** Long enough for any sane probe; a probe that hangs fails the test instead of the build. */
  private static final long HANG_LIMIT_SECONDS = 60;

  /** A probe whose dependency works. */
  protected abstract ReadinessProbe workingProbe() throws Exception;

  /** A probe whose dependency cannot be reached. */
  protected abstract ReadinessProbe unreachableProbe() throws Exception;

  /** A secret the unreachable probe was configured with, which no reason may reveal. */
  protected abstract String secretInConfiguration();

  @Test
  void passesWhenTheDependencyWorks() throws Exception {
    CheckResult result = checkNow(workingProbe());

    assertThat(result.passed()).as("result %s", result).isTrue();
  }

  @Test
  void failsWithAReasonWhenTheDependencyIsUnreachable() throws Exception {
    CheckResult result = checkNow(unreachableProbe());

    assertThat(result).isInstanceOf(CheckResult.Failed.class);
    assertThat(((CheckResult.Failed) result).reason()).isNotBlank();
  }

  @Test
  void reasonRevealsNoSecret() throws Exception {
    CheckResult result = checkNow(unreachableProbe());

    assertThat(result).isInstanceOf(CheckResult.Failed.class);
    assertThat(((CheckResult.Failed) result).reason()).doesNotContain(secretInConfiguration());
  }

  @Test
  void hasAStableName() throws Exception {
    ReadinessProbe probe = workingProbe();

    assertThat(probe.checkName()).isNotBlank().isEqualTo(probe.checkName());
  }

  @Test
  void canBeCheckedRepeatedly() throws Exception {
    ReadinessProbe probe = workingProbe();

    assertThat(checkNow(probe).passed()).isTrue();
    assertThat(checkNow(probe).passed()).isTrue();
  }

  private static CheckResult checkNow(ReadinessProbe probe) throws Exception {
    return probe.check().toCompletableFuture().get(HANG_LIMIT_SECONDS, TimeUnit.SECONDS);
  }
}
