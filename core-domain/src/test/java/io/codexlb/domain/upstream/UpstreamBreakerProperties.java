package io.codexlb.domain.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import io.codexlb.domain.upstream.UpstreamBreaker.Decision;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The breaker under any interleaving of admissions, answers and failures, time moving forward. */
class UpstreamBreakerProperties {

  private static final Instant START = Instant.parse("2026-11-27T12:00:00Z");

  /** One step: 0 admit, 1 answer, 2 unreachable; then the milliseconds that pass after it. */
  record Step(int kind, long millisAfter) {}

  @Provide
  Arbitrary<List<Step>> steps() {
    return Arbitraries.integers()
        .between(0, 2)
        .flatMap(
            kind -> Arbitraries.longs().between(0, 20_000).map(millis -> new Step(kind, millis)))
        .list()
        .ofMaxSize(200);
  }

  @Property
  void anOpenBreakerNeverMakesAClientWaitLongerThanTheMaximum(@ForAll("steps") List<Step> steps) {
    UpstreamBreaker breaker = new UpstreamBreaker();
    Instant now = START;
    for (Step step : steps) {
      switch (step.kind()) {
        case 0 -> {
          Decision decision = breaker.admit(now);
          if (decision instanceof Decision.Open open) {
            assertThat(open.retryAt()).isAfter(now);
            assertThat(Duration.between(now, open.retryAt()))
                .isLessThanOrEqualTo(UpstreamBreaker.MAX_OPEN);
          }
          assertThat(decision instanceof Decision.Pass).isEqualTo(!breaker.isOpen());
        }
        case 1 -> {
          breaker.answered();
          assertThat(breaker.admit(now)).isEqualTo(new Decision.Pass());
        }
        default -> breaker.unreachable(now);
      }
      now = now.plusMillis(step.millisAfter());
    }
  }

  @Property
  void anOpenBreakerLetsAtMostOneProbeThroughPerWait(@ForAll("steps") List<Step> steps) {
    UpstreamBreaker breaker = new UpstreamBreaker();
    Instant now = START;
    Instant lastProbe = null;
    for (Step step : steps) {
      switch (step.kind()) {
        case 0 -> {
          if (breaker.admit(now) instanceof Decision.Probe) {
            if (lastProbe != null) {
              assertThat(Duration.between(lastProbe, now))
                  .isGreaterThanOrEqualTo(UpstreamBreaker.FIRST_OPEN);
            }
            lastProbe = now;
          }
        }
        case 1 -> {
          breaker.answered();
          lastProbe = null;
        }
        default -> breaker.unreachable(now);
      }
      now = now.plusMillis(step.millisAfter());
    }
  }
}
