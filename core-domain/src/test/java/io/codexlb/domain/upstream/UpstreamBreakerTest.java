package io.codexlb.domain.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import io.codexlb.domain.upstream.UpstreamBreaker.Decision;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class UpstreamBreakerTest {

  private static final Instant NOW = Instant.parse("2026-11-27T12:00:00Z");

  private final UpstreamBreaker breaker = new UpstreamBreaker();

  private void failTimes(int times, Instant at) {
    for (int i = 0; i < times; i++) {
      breaker.unreachable(at);
    }
  }

  @Test
  void aClosedBreakerLetsEveryRequestPass() {
    failTimes(UpstreamBreaker.FAILURE_THRESHOLD - 1, NOW);

    assertThat(breaker.admit(NOW)).isEqualTo(new Decision.Pass());
    assertThat(breaker.isOpen()).isFalse();
  }

  @Test
  void theThresholdOfFailuresInARowOpensItUntilTheFirstProbe() {
    failTimes(UpstreamBreaker.FAILURE_THRESHOLD, NOW);

    Instant probe = NOW.plus(UpstreamBreaker.FIRST_OPEN);
    assertThat(breaker.isOpen()).isTrue();
    assertThat(breaker.admit(NOW)).isEqualTo(new Decision.Open(probe));
    assertThat(breaker.admit(probe.minusMillis(1))).isEqualTo(new Decision.Open(probe));
  }

  @Test
  void anAnswerInBetweenStartsTheCountAgain() {
    failTimes(UpstreamBreaker.FAILURE_THRESHOLD - 1, NOW);
    breaker.answered();
    failTimes(UpstreamBreaker.FAILURE_THRESHOLD - 1, NOW);

    assertThat(breaker.admit(NOW)).isEqualTo(new Decision.Pass());
  }

  @Test
  void onceOpenOneProbeGoesPerWaitAndItsAnswerClosesTheBreaker() {
    failTimes(UpstreamBreaker.FAILURE_THRESHOLD, NOW);
    Instant probeTime = NOW.plus(UpstreamBreaker.FIRST_OPEN);

    assertThat(breaker.admit(probeTime)).isEqualTo(new Decision.Probe());
    assertThat(breaker.admit(probeTime))
        .as("the others wait for the probe")
        .isEqualTo(new Decision.Open(probeTime.plus(UpstreamBreaker.FIRST_OPEN)));

    breaker.answered();

    assertThat(breaker.isOpen()).isFalse();
    assertThat(breaker.admit(probeTime)).isEqualTo(new Decision.Pass());
  }

  @Test
  void aFailedProbeDoublesTheWaitUpToTheMaximum() {
    failTimes(UpstreamBreaker.FAILURE_THRESHOLD, NOW);
    Instant at = NOW;
    Duration wait = UpstreamBreaker.FIRST_OPEN;
    for (int i = 0; i < 8; i++) {
      at = at.plus(wait);
      assertThat(breaker.admit(at)).isEqualTo(new Decision.Probe());
      breaker.unreachable(at);
      Duration doubled = wait.multipliedBy(2);
      wait = doubled.compareTo(UpstreamBreaker.MAX_OPEN) > 0 ? UpstreamBreaker.MAX_OPEN : doubled;
      assertThat(breaker.admit(at)).isEqualTo(new Decision.Open(at.plus(wait)));
    }
    assertThat(wait).isEqualTo(UpstreamBreaker.MAX_OPEN);
  }

  @Test
  void failuresOfRequestsSentBeforeItOpenedDoNotLengthenTheWait() {
    failTimes(UpstreamBreaker.FAILURE_THRESHOLD + 5, NOW);

    assertThat(breaker.admit(NOW))
        .isEqualTo(new Decision.Open(NOW.plus(UpstreamBreaker.FIRST_OPEN)));
  }

  @Test
  void aProbeThatNeverReportsDoesNotWedgeTheBreaker() {
    failTimes(UpstreamBreaker.FAILURE_THRESHOLD, NOW);
    Instant first = NOW.plus(UpstreamBreaker.FIRST_OPEN);
    assertThat(breaker.admit(first)).isEqualTo(new Decision.Probe());

    assertThat(breaker.admit(first.plus(UpstreamBreaker.FIRST_OPEN)))
        .isEqualTo(new Decision.Probe());
  }

  @Test
  void anUnreachableFailureBenchesNoAccount() {
    UpstreamFailure failure =
        new UpstreamFailure.Unreachable(
            UpstreamFailure.Unreachable.Cause.REFUSED, "upstream unreachable: ConnectException");

    assertThat(failure.accountEvent()).isEmpty();
    assertThat(failure.code()).isEqualTo("connection_refused");
    assertThat(failure.failsOver()).isTrue();
  }
}
